/** The SDK version. Kept as a constant (not a package.json import) so browsers need no JSON module support; `npm run build` checks it against package.json. */
export const VERSION = '0.1.0';
