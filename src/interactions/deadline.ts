/**
 * Discord wants a first response within 3 s: a transport waits this long for the answer, then
 * defers and edits the answer in later. The work goes on either way.
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'defer'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<'defer'>((resolve) => {
        timer = setTimeout(() => resolve('defer'), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
