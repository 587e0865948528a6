// duban verify: check the whole history — hashes, chains, digests, signatures, the signed head.

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { type DigestKey, loadDigestKey, signingKeyPath } from '../app/digest-signing.ts';
import { exportHistory } from '../app/history-export.ts';
import { readSignedHead, type SignedHead, signedHeadPath } from '../app/signed-head.ts';
import { type VerifyResult, verifyStore } from '../app/verify.ts';
import { StoreError } from '../store/errors.ts';
import { openStore, parseStoreUrl } from '../store/open-store.ts';
import * as input from './options.ts';
import { storeOption } from './store-option.ts';

async function verifyCommand(options: { store: string; export?: string }) {
  // Verifying must not create the store it was pointed at by mistake.
  const target = parseStoreUrl(options.store);
  if (target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    throw new StoreError(`there is no store at ${target.path}`);
  }
  // The signing key and the last signed head, found from the store's location as the server finds them.
  const keyFile = signingKeyPath(options.store);
  const headFile = signedHeadPath(options.store);
  let key: DigestKey | null;
  let signedHead: SignedHead | null;
  try {
    key = keyFile ? loadDigestKey(keyFile) : null;
    signedHead = headFile ? readSignedHead(headFile) : null;
  } catch (error) {
    throw new StoreError(`the signing key or the signed head beside the store cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const store = await openStore(options.store);
  try {
    const result = await verifyStore(store, { key, signedHead });
    if (result.intact) {
      console.log(`intact: ${result.events} events, head digest ${result.headDigest ?? 'none'} (${result.algorithm})`);
      console.log(signatureLine(result, keyFile));
    } else {
      const p = result.problem;
      console.log(`broken: ${p.kind} at ${p.streamId} revision ${p.revision} (position ${p.globalPosition ?? 'none'}): ${p.detail}`);
    }
    if (options.export) {
      const count = await exportHistory(store, options.export);
      console.error(`exported ${count} events to ${options.export}`);
    }
    process.exitCode = result.intact ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** The second line of an intact verification: what the signatures vouch for. */
function signatureLine(r: Extract<VerifyResult, { intact: true }>, keyFile: string | null): string {
  const head = r.signedHead ? `signed head at position ${r.signedHead.position} (${r.signedHead.digest})` : 'no signed head';
  const parts = [
    r.signatures === 'checked'
      ? `${r.signed} of ${r.digests} digests signed`
      : `${r.signed} of ${r.digests} digests carry a signature, unchecked (no signing key${keyFile ? ` at ${keyFile}` : ''})`,
    ...(r.unsigned ? [`${r.unsigned} unsigned, written before signing began`] : []),
    head + (r.anchor === 'matched' ? ', as remembered outside the store' : ''),
    ...(r.unsignedTail ? [`${r.unsignedTail} events after it unsigned (vouched for by their chains only)`] : []),
  ];
  return `signatures: ${parts.join('; ')}`;
}

export function registerVerify(cmd: Command): void {
  cmd
    .command('verify')
    .description(
      'check the whole history: every hash, every stream chain, every digest and its signature, and that the store still holds its last signed head (the key and head found beside the store, or by DUBAN_SIGNING_KEY_FILE and DUBAN_SIGNED_HEAD_FILE); exit 1 when broken, truncated or forged',
    )
    .option(...storeOption)
    .option(
      '--export <file.jsonl>',
      'also write every event as a JSON line, with its hash, for checking outside duban (readable only by you)',
      input.fileToWrite,
    )
    .action(verifyCommand);
}
