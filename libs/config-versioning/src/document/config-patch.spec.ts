import fc from 'fast-check';
import type { ConfigDocument } from './config-document.schema';
import { defaultConfig } from './config-document';
import { applyConfigPatch, diffConfigs, type JsonPatchOperation } from './config-patch';

const CLASSIC = '0b5c7a1e-5d0b-4f7e-9b5e-3a1c2d4e5f60';
const PREMIUM = '01890a5d-ac96-774b-bcce-b302099a8057';

function base(): ConfigDocument {
  return {
    ...defaultConfig(),
    packages: { [CLASSIC]: { visible: true, order: 1, featured: false, customDescription: null } },
    displayRules: [{ id: 'spring', from: '2027-03-01', to: '2027-05-31', packageIds: [CLASSIC], action: 'feature' }],
  };
}

function applied(doc: ConfigDocument, patch: unknown): ConfigDocument {
  const result = applyConfigPatch(doc, patch);
  if (!result.ok) throw new Error(`expected the patch to apply: ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe(applyConfigPatch.name, () => {
  it('replaces a value', () => {
    const value = applied(base(), [{ op: 'replace', path: '/branding/primaryColor', value: '#112233' }]);
    expect(value.branding.primaryColor).toBe('#112233');
  });

  it('adds a package entry and a display rule at the end of the list', () => {
    const rule = { id: 'summer', from: '2027-06-01', to: '2027-08-31', packageIds: [PREMIUM], action: 'hide' };
    const value = applied(base(), [
      { op: 'add', path: `/packages/${PREMIUM}`, value: { visible: false, order: 2, featured: false, customDescription: null } },
      { op: 'add', path: '/displayRules/-', value: rule },
    ]);
    expect(value.packages[PREMIUM].visible).toBe(false);
    expect(value.displayRules.map((r) => r.id)).toEqual(['spring', 'summer']);
  });

  it('fills defaults in what a patch adds', () => {
    const value = applied(base(), [{ op: 'add', path: `/packages/${PREMIUM}`, value: { featured: true } }]);
    expect(value.packages[PREMIUM]).toEqual({ visible: true, order: 0, featured: true, customDescription: null });
  });

  it('removes a value', () => {
    const value = applied(base(), [{ op: 'remove', path: '/displayRules/0' }]);
    expect(value.displayRules).toEqual([]);
  });

  it('applies move, copy and a passing test', () => {
    const value = applied(base(), [
      { op: 'test', path: '/branding/primaryColor', value: '#7b2cbf' },
      { op: 'copy', from: '/branding/primaryColor', path: '/branding/secondaryColor' },
      { op: 'move', from: `/packages/${CLASSIC}`, path: `/packages/${PREMIUM}` },
    ]);
    expect(value.branding.secondaryColor).toBe('#7b2cbf');
    expect(Object.keys(value.packages)).toEqual([PREMIUM]);
  });

  it('changes neither the base document nor the patch', () => {
    const doc = base();
    const patch = [
      { op: 'add', path: '/display/tierOrder/-', value: 'gold' },
      { op: 'add', path: '/displayRules/-', value: { id: 'fall', from: '2027-09-01', to: '2027-11-30', packageIds: [CLASSIC], action: 'show' } },
      { op: 'add', path: '/displayRules/1/packageIds/-', value: PREMIUM },
    ];
    const [docBefore, patchBefore] = [structuredClone(doc), structuredClone(patch)];
    const value = applied(doc, patch);
    expect(value.displayRules[1].packageIds).toEqual([CLASSIC, PREMIUM]);
    expect(doc).toEqual(docBefore);
    expect(patch).toEqual(patchBefore);
  });

  it('rejects a patch that is not an array', () => {
    expect(applyConfigPatch(base(), { op: 'replace', path: '/branding/primaryColor', value: '#000000' })).toEqual({
      ok: false,
      reason: 'MALFORMED_PATCH',
      errors: [{ field: 'patch', message: 'must be an array of JSON Patch (RFC 6902) operations' }],
    });
  });

  it('rejects malformed operations, naming each one and the member at fault', () => {
    const result = applyConfigPatch(base(), [
      { op: 'replace', path: '/branding/primaryColor', value: '#000000' },
      { op: 'update', path: '/branding' },
      { op: 'replace', path: 'branding/primaryColor', value: '#000000' },
      { op: 'add', path: '/packages/x' },
      { op: 'move', path: '/a' },
      { op: '_get', path: '/branding' },
      'remove /branding',
    ]);
    expect(result).toEqual({
      ok: false,
      reason: 'MALFORMED_PATCH',
      errors: [
        { field: 'patch.1.op', message: 'must be one of "add", "remove", "replace", "move", "copy", "test"' },
        { field: 'patch.2.path', message: 'must be a JSON pointer: "" or a string starting with "/"' },
        { field: 'patch.3.value', message: 'is required for "add"' },
        { field: 'patch.4.from', message: 'must be a JSON pointer: "" or a string starting with "/"' },
        { field: 'patch.5.op', message: 'must be one of "add", "remove", "replace", "move", "copy", "test"' },
        { field: 'patch.6', message: 'must be an object { op, path, ... }' },
      ],
    });
  });

  it('refuses a path through __proto__', () => {
    const result = applyConfigPatch(base(), [{ op: 'add', path: '/__proto__/polluted', value: true }]);
    expect(result).toEqual({
      ok: false,
      reason: 'MALFORMED_PATCH',
      errors: [{ field: 'patch.0.path', message: 'must not address __proto__, constructor or prototype' }],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects replacing or removing a path that does not exist', () => {
    expect(applyConfigPatch(base(), [{ op: 'replace', path: '/branding/accentColor', value: '#000000' }])).toEqual({
      ok: false,
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.path', message: 'nothing at "/branding/accentColor" to replace' }],
    });
    expect(applyConfigPatch(base(), [{ op: 'remove', path: '/displayRules/3' }])).toMatchObject({
      ok: false,
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.path' }],
    });
  });

  it('rejects adding under a parent that does not exist', () => {
    expect(applyConfigPatch(base(), [{ op: 'add', path: `/packages/${PREMIUM}/featured`, value: true }])).toEqual({
      ok: false,
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.path', message: `the parent of "/packages/${PREMIUM}/featured" does not exist` }],
    });
  });

  it('rejects the whole patch when a test operation fails, applying none of it', () => {
    const result = applyConfigPatch(base(), [
      { op: 'replace', path: '/branding/primaryColor', value: '#000000' },
      { op: 'test', path: '/displayRules/0/id', value: 'winter' },
    ]);
    expect(result).toEqual({
      ok: false,
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.1.value', message: 'test failed: the value at "/displayRules/0/id" differs' }],
    });
  });

  it('rejects a patch that applies but yields an invalid document, naming the document fields', () => {
    const result = applyConfigPatch(base(), [
      { op: 'replace', path: '/branding/primaryColor', value: 'purple' },
      { op: 'replace', path: '/displayRules/0/to', value: '2027-01-01' },
      { op: 'add', path: '/branding/theme', value: 'dark' },
    ]);
    expect(result).toEqual({
      ok: false,
      reason: 'INVALID_RESULT',
      errors: [
        { field: 'branding.theme', message: 'is not a known field' },
        { field: 'branding.primaryColor', message: 'must be a color #rrggbb' },
        { field: 'displayRules.0.to', message: 'must not be before from (2027-03-01)' },
      ],
    });
  });

  it('rejects removing a required section that has no default left to fill', () => {
    expect(applyConfigPatch(base(), [{ op: 'remove', path: '/schemaVersion' }])).toEqual({
      ok: false,
      reason: 'INVALID_RESULT',
      errors: [{ field: 'schemaVersion', message: 'is required' }],
    });
  });

  it('accepts an empty patch and returns an equal copy', () => {
    const doc = base();
    const value = applied(doc, []);
    expect(value).toEqual(doc);
    expect(value).not.toBe(doc);
  });
});

/** The same document with the keys of every object in reverse order, as a jsonb round trip might give. */
function reverseKeys(doc: ConfigDocument): ConfigDocument {
  return JSON.parse(
    JSON.stringify(doc, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ),
  ) as ConfigDocument;
}

describe(`${applyConfigPatch.name} with a \`from\` that points nowhere (found by the contract fuzz suite)`, () => {
  it.each<[string, JsonPatchOperation[]]>([
    [
      'copy to the root',
      [
        { op: 'copy', path: '', from: '/nowhere' },
        { op: 'add', path: '/branding/primaryColor', value: '#112233' },
      ],
    ],
    ['copy to a field', [{ op: 'copy', path: '/branding/primaryColor', from: '/nowhere' }]],
    ['move to the root', [{ op: 'move', path: '', from: '/nowhere/deeper' }]],
  ])('refuses a %s as a conflict naming from, never throws', (_, patch) => {
    const result = applyConfigPatch(defaultConfig(), patch);
    expect(result).toEqual({
      ok: false,
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.from', message: expect.stringMatching(/^nothing at "\/nowhere.*" to (copy|move)$/) }],
    });
  });
});

describe(`${applyConfigPatch.name} moving a value into its own child (found by the contract fuzz suite)`, () => {
  it.each<[string, string]>([
    ['the root', ''],
    ['a section', '/branding'],
  ])('refuses a move of %s into one of its children as a conflict naming from', (_, from) => {
    const result = applyConfigPatch(defaultConfig(), [{ op: 'move', path: `${from}/branding/primaryColor`.replace('/branding/branding', '/branding'), from }]);
    expect(result).toMatchObject({
      ok: false,
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.from', message: expect.stringMatching(/^cannot move ".*" into its own child/) }],
    });
  });

  it('still moves a value to a sibling, and to itself', () => {
    expect(applyConfigPatch(defaultConfig(), [{ op: 'move', path: '/branding/primaryColor', from: '/branding/primaryColor' }])).toMatchObject({ ok: true });
    const moved = applyConfigPatch(defaultConfig(), [{ op: 'move', path: '/branding/secondaryColor', from: '/branding/primaryColor' }]);
    expect(moved).toMatchObject({ ok: true, value: { branding: { secondaryColor: '#7b2cbf' } } });
  });
});

describe(diffConfigs.name, () => {
  it('gives no operations for equal documents, whatever their key order', () => {
    expect(Object.keys(reverseKeys(base()))[0]).toBe('widget');
    expect(diffConfigs(base(), reverseKeys(base()))).toEqual([]);
  });

  it('describes a change as RFC 6902 operations', () => {
    const to = base();
    to.branding.primaryColor = '#000000';
    delete to.packages[CLASSIC];
    to.packages[PREMIUM] = { visible: false, order: 0, featured: false, customDescription: null };
    expect(diffConfigs(base(), to)).toEqual<JsonPatchOperation[]>([
      { op: 'remove', path: `/packages/${CLASSIC}` },
      { op: 'add', path: `/packages/${PREMIUM}`, value: { visible: false, order: 0, featured: false, customDescription: null } },
      { op: 'replace', path: '/branding/primaryColor', value: '#000000' },
    ]);
  });

  it('gives the same operations for the same documents with keys in another order', () => {
    const to = base();
    to.widget.features.addOns = false;
    to.branding.logoUrl = 'https://cdn.example.com/logo.svg';
    expect(diffConfigs(reverseKeys(base()), reverseKeys(to))).toEqual(diffConfigs(base(), to));
  });

  it('round-trips: applying the diff of two documents to the first gives the second', () => {
    const from = base();
    const to: ConfigDocument = {
      ...base(),
      branding: {
        primaryColor: '#101010',
        secondaryColor: '#fafafa',
        fontFamily: 'Lora, serif',
        logoUrl: 'https://cdn.example.com/l.png',
        colorScheme: 'dark',
      },
      packages: { [PREMIUM]: { visible: true, order: 0, featured: true, customDescription: 'New' } },
      displayRules: [
        { id: 'winter', from: '2027-12-01', to: '2028-02-29', packageIds: [PREMIUM], action: 'show' },
        { id: 'spring', from: '2027-03-01', to: '2027-05-31', packageIds: [CLASSIC, PREMIUM], action: 'hide', tierGroup: 'gold' },
      ],
      display: { groupByTier: true, tierOrder: ['gold'] },
      widget: {
        sections: ['calendar', 'packages'],
        features: { addOns: false, showPrices: true, customerNotes: false },
        embedOrigins: ['https://weddings.example.com'],
      },
    };
    expect(applied(from, diffConfigs(from, to))).toEqual(to);
    expect(applied(to, diffConfigs(to, from))).toEqual(from);
  });

  it('does not change either document', () => {
    const [from, to] = [base(), defaultConfig()];
    diffConfigs(from, to);
    expect([from, to]).toEqual([base(), defaultConfig()]);
  });
});

describe(`${applyConfigPatch.name} on generated patches (the contract fuzz suite's 500s, found one at a time, ruled out as a class)`, () => {
  const pointer = fc.oneof(
    fc.constantFrom(
      '',
      '/',
      '/branding',
      '/branding/primaryColor',
      '/packages',
      '/displayRules',
      '/displayRules/0',
      '/displayRules/-',
      '/widget/sections/0',
      '/nowhere',
      '/~1',
      '/__proto__',
    ),
    fc.string({ maxLength: 12 }),
  );
  const value = fc.oneof(fc.constant('#112233'), fc.constant(null), fc.integer(), fc.string({ maxLength: 8 }), fc.constant({}), fc.constant([]), fc.boolean());
  const operation = fc.record(
    { op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'), path: pointer, from: pointer, value },
    { requiredKeys: ['op', 'path'] },
  );

  it('answers every patch with a result or a refusal naming patch fields, and never throws', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 4 }), (patch) => {
        const result = applyConfigPatch(defaultConfig(), patch);
        if (!result.ok) expect(['MALFORMED_PATCH', 'PATCH_CONFLICT', 'INVALID_RESULT']).toContain(result.reason);
      }),
      { numRuns: 3_000, seed: 20_261_203 },
    );
  });

  it('refuses removing the whole document, and an operation that leaves something other than an object', () => {
    expect(applyConfigPatch(defaultConfig(), [{ op: 'remove', path: '' }])).toMatchObject({
      ok: false,
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.path' }],
    });
    expect(
      applyConfigPatch(defaultConfig(), [
        { op: 'replace', path: '', value: 7 },
        { op: 'add', path: '/x', value: 1 },
      ] as JsonPatchOperation[]),
    ).toMatchObject({
      ok: false,
      reason: 'INVALID_RESULT',
    });
  });
});

describe(`${applyConfigPatch.name}'s refusals name the operation and say what is wrong`, () => {
  const refusal = (patch: unknown) => {
    const result = applyConfigPatch(base(), patch);
    if (result.ok) throw new Error('expected a refusal');
    return { reason: result.reason, errors: result.errors };
  };

  it('counts operations from 0 and names the one at fault, not the first', () => {
    expect(
      refusal([
        { op: 'replace', path: '/branding/primaryColor', value: '#101010' },
        { op: 'add', path: '/display/groupByTier', value: true },
        { op: 'copy', path: `/packages/${PREMIUM}`, from: `/packages/${PREMIUM}` },
      ]),
    ).toEqual({ reason: 'PATCH_CONFLICT', errors: [{ field: 'patch.2.from', message: `nothing at "/packages/${PREMIUM}" to copy` }] });
    expect(
      refusal([
        { op: 'test', path: '', value: {} },
        { op: 'move', path: '/x', from: '/displayRules/7' },
      ]),
    ).toEqual({
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.value', message: 'test failed: the value at "" differs' }],
    });
  });

  it('refuses a move from a missing member of an existing object, naming from', () => {
    expect(refusal([{ op: 'move', path: '/branding/logoUrl', from: '/branding/accentColor' }])).toEqual({
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.from', message: 'nothing at "/branding/accentColor" to move' }],
    });
  });

  it('refuses an array index past the end, or one that is not a number', () => {
    expect(refusal([{ op: 'add', path: '/displayRules/5', value: {} }])).toEqual({
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.path', message: '"/displayRules/5" is not a valid index of that array' }],
    });
    expect(refusal([{ op: 'add', path: '/displayRules/first', value: {} }])).toEqual({
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.path', message: '"/displayRules/first" is not a valid index of that array' }],
    });
  });

  it('refuses removing the whole document', () => {
    expect(refusal([{ op: 'remove', path: '' }])).toEqual({
      reason: 'PATCH_CONFLICT',
      errors: [{ field: 'patch.0.path', message: 'cannot remove the whole document' }],
    });
  });

  it('names a missing value, a missing from and a bad pointer each in its own member', () => {
    expect(
      refusal([
        { op: 'test', path: '/branding' },
        { op: 'copy', path: '/a' },
        { op: 'remove', path: 'branding' },
      ]),
    ).toEqual({
      reason: 'MALFORMED_PATCH',
      errors: [
        { field: 'patch.0.value', message: 'is required for "test"' },
        { field: 'patch.1.from', message: 'must be a JSON pointer: "" or a string starting with "/"' },
        { field: 'patch.2.path', message: 'must be a JSON pointer: "" or a string starting with "/"' },
      ],
    });
  });
});

describe(`${applyConfigPatch.name}: the edges the mutation run found untried`, () => {
  it('refuses a patch JSON cannot carry, naming where under patch', () => {
    const result = applyConfigPatch(base(), [{ op: 'add', path: '/display/groupByTier', value: Number.NaN }]);
    expect(result).toMatchObject({ ok: false, reason: 'MALFORMED_PATCH', errors: [{ field: expect.stringMatching(/^patch\.0\.value/) }] });
  });

  it('lets a copy go into a child of its source (only a move cannot): what it makes is then judged as a document', () => {
    expect(applyConfigPatch(base(), [{ op: 'copy', path: '/widget/features/copy', from: '/widget/features' }])).toEqual({
      ok: false,
      reason: 'INVALID_RESULT',
      errors: [{ field: 'widget.features.copy', message: 'is not a known field' }],
    });
  });

  it('refuses an operation on the root that leaves something other than an object, naming the operation', () => {
    expect(applyConfigPatch(base(), [{ op: 'replace', path: '', value: 5 }])).toEqual({
      ok: false,
      reason: 'INVALID_RESULT',
      errors: [{ field: '', message: 'must be an object (after patch.0)' }],
    });
    expect(
      applyConfigPatch(base(), [
        { op: 'test', path: '/display/groupByTier', value: false },
        { op: 'replace', path: '', value: [] },
      ]),
    ).toEqual({
      ok: false,
      reason: 'INVALID_RESULT',
      errors: [{ field: '', message: 'must be an object (after patch.1)' }],
    });
  });
});
