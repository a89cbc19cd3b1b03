import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../src/config.js';

/**
 * Where WHARFIE_DB points, checked before SQLite sees it, so a mistake is one
 * line naming the variable and the path. Only the database's own folder is
 * created (`./data` for `./data/wharfie.db`): a typo such as `/srv/wharfe/data/x.db`
 * fails instead of growing a tree of folders somewhere unexpected.
 */
export function prepareDatabasePath(setting: string, cwd: string, variable = 'WHARFIE_DB'): string {
  if (setting === ':memory:') return setting;
  const file = path.resolve(cwd, setting);
  const fail = (why: string): never => {
    throw new ConfigError(`${variable}=${setting}: ${why}`);
  };
  const kind = kindOf(file);
  if (kind === 'unreachable') fail(`${file} cannot be reached (a file where a folder should be, or no permission)`);
  if (kind === 'folder') fail(`${file} is a folder; point it at a file inside it, e.g. ${path.join(setting, 'wharfie.db')}`);
  if (kind === 'file') return file;
  const folder = path.dirname(file);
  const folderKind = kindOf(folder);
  if (folderKind === 'file' || folderKind === 'unreachable') fail(`${folder} is not a folder that can be reached`);
  if (folderKind === 'missing') {
    const parent = path.dirname(folder);
    if (kindOf(parent) !== 'folder') fail(`the folder ${parent} does not exist (only the database's own folder, ${path.basename(folder)}, is created)`);
    try {
      mkdirSync(folder);
    } catch (error) {
      fail(`cannot create the folder ${folder} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return file;
}

function kindOf(file: string): 'file' | 'folder' | 'missing' | 'unreachable' {
  try {
    return statSync(file).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'missing' : 'unreachable';
  }
}
