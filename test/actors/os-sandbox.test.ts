import { describe, expect, it } from 'vitest';
import { bwrapArgs } from '../../src/actors/os-sandbox.js';

const base = { bwrap: '/usr/bin/bwrap', execPath: '/usr/bin/node', network: true } as const;
const command = ['/usr/bin/node', '/opt/corral/dist/runtime/sandbox.mjs'];

/** The value after each occurrence of `flag`, as [flag, value] pairs in order. */
function binds(args: string[]): string[] {
  return args.flatMap((arg, i) => (arg === '--ro-bind' ? [args[i + 1] as string] : []));
}

describe('bwrapArgs', () => {
  it('unshares every namespace but the network and dies with its parent', () => {
    const args = bwrapArgs({ ...base, readOnly: [] }, command);
    for (const flag of [
      '--unshare-user',
      '--unshare-ipc',
      '--unshare-pid',
      '--unshare-uts',
      '--new-session',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args).toContain('--die-with-parent');
    expect(args).not.toContain('--unshare-net');
    expect(args).not.toContain('--share-net');
  });

  it('unshares the network for a group that needs none', () => {
    expect(bwrapArgs({ ...base, readOnly: [], network: false }, command)).toContain('--unshare-net');
  });

  it('mounts a fresh /proc, a minimal /dev and a private /tmp, and ends with the command', () => {
    const args = bwrapArgs({ ...base, readOnly: [] }, command);
    expect(args.join(' ')).toMatch(/--proc \/proc --dev \/dev --tmpfs \/tmp/);
    expect(args.slice(-3)).toEqual(['--', ...command]);
  });

  it('binds the node binary and each read-only path at its own path, read-only, nothing writable', () => {
    const args = bwrapArgs({ ...base, readOnly: ['/opt/corral/dist', '/srv/integrations/hue'] }, command);
    expect(binds(args)).toEqual(
      expect.arrayContaining(['/usr/bin/node', '/opt/corral/dist', '/srv/integrations/hue']),
    );
    expect(args).not.toContain('--bind');
    expect(args).not.toContain('--dev-bind');
  });

  it('binds no host home, config or storage directory, and nothing of /etc but what a runtime reads', () => {
    const args = bwrapArgs({ ...base, readOnly: ['/opt/corral/dist'] }, command);
    for (const path of binds(args)) {
      expect(path).not.toMatch(/^\/(root|home)\b|\.storage|corral\.ya?ml/);
      if (path.startsWith('/etc/'))
        expect(path).toMatch(
          /^\/etc\/(ld\.so\.cache|resolv\.conf|hosts|host\.conf|gai\.conf|nsswitch\.conf|localtime|ssl\/certs|ssl\/openssl\.cnf|ca-certificates)$/,
        );
    }
    expect(binds(args)).not.toContain('/etc');
  });

  it('binds a path inside another bound path once, through its parent', () => {
    const args = bwrapArgs({ ...base, readOnly: ['/opt/corral', '/opt/corral/dist/runtime'] }, command);
    expect(binds(args)).toContain('/opt/corral');
    expect(binds(args)).not.toContain('/opt/corral/dist/runtime');
  });

  it('makes each missing parent traversable (0755) before binding below it, /tmp ones after the tmpfs', () => {
    const args = bwrapArgs({ ...base, readOnly: ['/tmp/x/integration', '/opt/corral/dist'] }, command).join(
      ' ',
    );
    expect(args).toContain('--perms 0755 --dir /opt --perms 0755 --dir /opt/corral');
    expect(args.indexOf('--dir /tmp/x')).toBeGreaterThan(args.indexOf('--tmpfs /tmp'));
    expect(args.indexOf('--ro-bind /tmp/x/integration')).toBeGreaterThan(args.indexOf('--dir /tmp/x'));
  });

  it('as root, drops to the unprivileged ids with setpriv before node starts, with no user namespace', () => {
    const drop = { uid: 61000, gid: 61001, setpriv: '/usr/bin/setpriv' };
    const args = bwrapArgs({ ...base, readOnly: [], drop }, command);
    expect(args).not.toContain('--unshare-user');
    const tail = args.slice(args.indexOf('--') + 1);
    expect(tail[0]).toBe('/usr/bin/setpriv');
    expect(tail).toEqual(
      expect.arrayContaining([
        '--reuid=61000',
        '--regid=61001',
        '--clear-groups',
        '--bounding-set=-all',
        '--pdeathsig=SIGKILL',
      ]),
    );
    expect(tail.slice(-2)).toEqual(command);
    expect(binds(args)).toContain('/usr/bin/setpriv');
  });

  it('reports the runtime pid on the info fd when asked', () => {
    const args = bwrapArgs({ ...base, readOnly: [], infoFd: 4 }, command);
    expect(args[args.indexOf('--info-fd') + 1]).toBe('4');
  });
});
