/**
 * A write that withdraws a person — deactivates them, or asks for their deletion — is answered only once
 * every live node has applied it (src/app.ts, `onSend`), so no node serves them as before afterwards.
 * Other writes wait for this node's directory only (read-your-own-writes).
 */
export const settlesEverywhere = { settle: 'everywhere' } as const;
