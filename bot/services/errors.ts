/** The typed errors of the layers below, for callers that must tell them apart (the HTTP edge: an unreachable database is a 503). */
export { StoreError } from '../store/index.ts';
