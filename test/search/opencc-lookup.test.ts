import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { lookupConverter } from '../../src/search/opencc-lookup.ts';

const configs = (OpenCC.Locale as unknown as { configs: Record<string, Record<string, unknown>> }).configs;

/** Every key of a configuration's dictionaries: the inputs where the tries' longest matches differ most. */
function keysOf(config: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const add = (dict: unknown): void => {
    if (typeof dict === 'string') for (const entry of dict.split('|')) keys.push(entry.split(' ')[0]!);
    else if (Array.isArray(dict)) dict.forEach(add);
  };
  add([config.segmentation, config.conversionChain, config.normalizationChain]);
  return keys;
}

describe('OpenCC conversion by dictionary lookup', () => {
  for (const [name, options] of [
    ['s2tw', { from: 'cn', to: 'tw' }],
    ['tw2sp', { from: 'twp', to: 'cn' }],
    ['tw2s', { from: 'tw', to: 'cn' }],
  ] as const) {
    it(`converts as OpenCC.Converter does (${name})`, () => {
      const library = OpenCC.Converter(options);
      const lookup = lookupConverter(configs[name])!;
      expect(lookup).toBeDefined();
      const keys = keysOf(configs[name]!);
      // Each key alone, and runs of neighbouring keys (overlapping longest matches, segments),
      // with text no key matches and an ideographic description sequence between.
      const inputs = [...keys];
      for (let i = 0; i + 3 < keys.length; i += 7) {
        inputs.push(keys[i]! + keys[i + 1]! + keys[i + 2]!);
        inputs.push(`${keys[i]!.slice(1)}x${keys[i + 3]!}⿰木木${keys[i + 1]!.slice(0, 1)}`);
      }
      inputs.push('', 'abc 123', '软件项目程序', '軟體專案程式', '𠮷野家', '⿱艹⿰氵去的');
      const differing = inputs.filter((input) => lookup(input) !== library(input));
      expect(differing.slice(0, 5)).toEqual([]);
    });
  }

  it('leaves a configuration it does not know to the library', () => {
    expect(lookupConverter(undefined)).toBeUndefined();
    expect(lookupConverter({ conversionChain: [[['a', 'b'], 42]] })).toBeUndefined();
  });
});
