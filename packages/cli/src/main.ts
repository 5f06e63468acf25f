/**
 * The `cairn` process entry. Node's compile cache is switched on before anything else is
 * loaded, so later runs skip type stripping and compiling of every module: a `cairn data`
 * command that takes a few hundred milliseconds spends most of them loading code.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./cli-main.ts');
