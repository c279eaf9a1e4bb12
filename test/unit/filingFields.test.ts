import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { FilingFields } from '../../client/panels/filings/FilingFields.tsx';
import { filingFormSchema } from '../../shared/filing.ts';
import { renderIn, textOf } from '../support/renderIn.ts';

const form = filingFormSchema.parse({
  shopName: '老王面馆',
  address: '解放路 12 号',
  signText: '老王面馆 · 手工拉面',
  width: 3.6,
  height: 0.8,
  material: 'acrylic',
  mounting: 'flat',
  lighting: 'internal',
  lightSource: 'led',
  designImage: '3f2a9c1e-7b4d-4e8f-9a01-23456789abcd',
  streetPhoto: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  tenure: 'lease',
  tenureDoc: '租赁合同 2025-0123',
  commitment: true,
});

/** The term an officer reads beside the value it names, in the review's field list. */
async function termOf(lng: 'zh-CN' | 'en', value: string): Promise<string | undefined> {
  const texts = textOf(await renderIn(lng, createElement(FilingFields, { form })));
  const at = texts.indexOf(value);
  return at > 0 ? texts[at - 1] : undefined;
}

describe('a filing under review', () => {
  it('names the sign size as both its width and its height, in either language', async () => {
    expect(await termOf('en', '3.6 × 0.8 m')).toBe('Size (width × height)');
    expect(await termOf('zh-CN', '3.6 × 0.8 米')).toBe('尺寸（宽 × 高）');
  });
});
