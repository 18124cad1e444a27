/** What a test can check of a PNG without decoding it: the signature and the IHDR chunk's size. */
export function pngSize(data: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length < 33 || !data.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  // The first chunk is IHDR: length (4), type (4), width (4), height (4).
  if (data.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}
