export { normalizePath } from '../../sdk/node/paths';
