import { describe, expect, it } from 'vitest';
import { catalogueColumnName, catalogueTableName } from '../src/catalogue/storage-names.ts';

describe('catalogue storage names', () => {
  it('derives tables from the connector id and the objects below the root', () => {
    expect(catalogueTableName('HrAbsence')).toBe('g_hrabsence');
    expect(catalogueTableName('HrIllness', ['HrAbsIllnessProgress'])).toBe('g_hrillness_hrabsillnessprogress');
  });

  it('keeps long names distinct within 63 characters', () => {
    const a = catalogueTableName('FbUpdateActemiumDeliveryNote', ['FbDeliveryNoteLines', 'FbOrderBatchLinesA']);
    const b = catalogueTableName('FbUpdateActemiumDeliveryNote', ['FbDeliveryNoteLines', 'FbOrderBatchLinesB']);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(b.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z_][a-z0-9_]*$/);
  });

  it('derives columns from field ids', () => {
    expect(catalogueColumnName('DaBe')).toBe('dabe');
    // PostgreSQL's hidden columns cannot be redefined.
    expect(catalogueColumnName('CtId')).toBe('ctid_');
    expect(catalogueColumnName('U3F2A0B1C2D3E4F50617283940A1B2C3D')).toBe('u3f2a0b1c2d3e4f50617283940a1b2c3d');
  });
});
