export { createGit, FALLBACK_AUTHOR } from './git';
export { redactor, displayRemote } from './redact';
