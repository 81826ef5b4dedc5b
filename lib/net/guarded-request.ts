import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { checkAddresses, checkUrlBeforeResolving, type Refusal, type Resolver, type TargetNetworkPolicy } from "@/lib/net/target-policy";

// One HTTP request to a rotation target, made so that the address policy holds for the
// connection itself: the host is resolved inside the socket's own lookup, every answer is
// judged, and the socket connects to an address that was judged. A name that resolved to a
// public address when it was saved and to 169.254.169.254 now (DNS rebinding) is refused
// before any byte leaves. No redirects are followed, no connection is reused, and the
// answer is read up to a cap, so a hostile target cannot fill the server's memory either.

export class TargetAddressRefusedError extends Error {
  override name = "TargetAddressRefusedError";
  readonly code = "ETARGETREFUSED";
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export class ResponseTooLargeError extends Error {
  override name = "ResponseTooLargeError";
  constructor(readonly limit: number) {
    super(`the answer was larger than ${limit} bytes`);
  }
}

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );

export type GuardedRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Default 1 MiB: target APIs answer with small JSON documents. */
  maxResponseBytes?: number;
};

export type GuardedResponse = { status: number; headers: Headers; text: string };

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

function guardedLookup(url: URL, policy: TargetNetworkPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refusal = checkAddresses(url, addresses, policy);
        if (refusal) return callback(new TargetAddressRefusedError(refusal), "", 0);
        const usable = options.family ? addresses.filter((a) => isIP(a) === options.family) : addresses;
        const chosen = usable.length > 0 ? usable : addresses;
        if (options.all)
          return callback(
            null,
            chosen.map((address) => ({ address, family: isIP(address) })),
          );
        const first = chosen[0] ?? "";
        callback(null, first, isIP(first));
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

export function guardedRequest(
  request: GuardedRequest,
  policy: TargetNetworkPolicy,
  resolve: Resolver = systemResolver,
): Promise<GuardedResponse> {
  const url = new URL(request.url);
  const early = checkUrlBeforeResolving(url, policy);
  if (early) return Promise.reject(new TargetAddressRefusedError(early));
  const max = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const headers = { ...request.headers };
  if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolveResponse, reject) => {
    const outgoing = client.request(
      url,
      { method: request.method, headers, signal: request.signal, agent: false, lookup: guardedLookup(url, policy, resolve) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > max) response.destroy(new ResponseTooLargeError(max));
          else chunks.push(chunk);
        });
        response.on("error", reject);
        response.on("end", () =>
          resolveResponse({
            status: response.statusCode ?? 0,
            headers: toHeaders(response.headers),
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}
