import { networkInterfaces } from "node:os";
import { CredentialSource } from "../credential-source.js";
import { startEndpoint } from "../credential-endpoint.js";
import { CliError } from "../errors.js";
import { print, say } from "../output.js";

// `keyless serve --role R`: the credential endpoint of `keyless exec` as a long-lived process,
// for IDEs and containers. It prints the variables to set once on stdout and logs requests on
// stderr. With --docker it also listens on the docker bridge (docker0) for containers on the
// default bridge network. The AWS SDKs and CLI accept plain http only to loopback (and the
// ECS/EKS link-local hosts), so such a container forwards a loopback port to that address
// (README: "Containers"); `docker run --network host` needs no --docker at all.

type Bridge = { address: string; inSubnet: (peer: string) => boolean };

const toInt = (ip: string) => ip.split(".").reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;

/** The docker0 bridge's IPv4 address and subnet, from this machine's interfaces. */
export function dockerBridge(interfaces = networkInterfaces()): Bridge | null {
  const info = (interfaces.docker0 ?? []).find((i) => i.family === "IPv4");
  if (!info?.cidr) return null;
  const bits = Number(info.cidr.split("/")[1]);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const network = toInt(info.address) & mask;
  return {
    address: info.address,
    inSubnet: (peer) => {
      const ip = peer.replace(/^::ffff:/, "");
      return /^\d+\.\d+\.\d+\.\d+$/.test(ip) && (toInt(ip) & mask) >>> 0 === network >>> 0;
    },
  };
}

export async function serve(options: { role: string; durationSeconds?: number; port?: number; docker: boolean }): Promise<void> {
  const bridge = options.docker ? dockerBridge() : null;
  if (options.docker && !bridge)
    throw new CliError(
      "No docker bridge (docker0) on this machine: is Docker running?",
      "Or run containers with --network host and leave out --docker.",
    );
  const source = new CredentialSource(options.role, options.durationSeconds);
  await source.current(); // not signed in, or the role refused: say so before listening
  const endpoint = await startEndpoint({
    credentials: () => source.current(),
    addresses: ["127.0.0.1", ...(bridge ? [bridge.address] : [])],
    port: options.port,
    allowPeer: bridge?.inSubnet,
    log: ({ line }) => say(`${new Date().toISOString()} ${line}`),
  });
  print(`AWS_CONTAINER_CREDENTIALS_FULL_URI=${endpoint.url}`);
  print(`AWS_CONTAINER_AUTHORIZATION_TOKEN=${endpoint.token}`);
  say(
    `keyless: serving ${options.role} on ${endpoint.url}${bridge ? ` and http://${bridge.address}:${endpoint.port}` : ""}; Ctrl-C stops.`,
  );
  say("keyless: set the two variables above (and unset AWS_ACCESS_KEY_ID, AWS_PROFILE…) in the tool's environment.");
  await new Promise<void>((resolve) => {
    const stop = () => void endpoint.close().then(resolve);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, stop);
  });
}
