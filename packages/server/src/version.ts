import packageJson from '../package.json' with { type: 'json' };

/** The version of this Cairn build (the server package's version). */
export const CAIRN_VERSION: string = packageJson.version;
