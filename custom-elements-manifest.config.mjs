// `npm run build` → dist/custom-elements.json (package.json "customElements").
// Tag names come from the define() calls in elements/index.ts, which the analyzer does not
// follow, so a small plugin maps class names to tags.
const TAGS = { GcWebrtcSdk: 'gc-webrtc-sdk', GcSoftphone: 'gc-softphone', GcDeviceSelect: 'gc-device-select', GcVideoConference: 'gc-video-conference', GcScreenShare: 'gc-screen-share' };

export default {
  globs: ['elements/**/*.ts'],
  exclude: ['elements/**/*.styles.ts', 'elements/**/*.test.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [
    {
      name: 'gc-tag-names',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            const tag = TAGS[decl.name];
            if (!tag) continue;
            decl.tagName = tag;
            decl.customElement = true;
            mod.exports = [...(mod.exports ?? []), { kind: 'custom-element-definition', name: tag, declaration: { name: decl.name, module: mod.path } }];
          }
        }
      },
    },
  ],
};
