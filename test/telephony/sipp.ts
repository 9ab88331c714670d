import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

/**
 * sipp (the Debian `sip-tester` package) as a real SIP peer in tests: a scenario file (or a
 * built-in scenario such as `uac`) on a free UDP port of loopback, one call (`-m 1`), no stdin,
 * in the foreground so the test owns the process and reads its exit code.
 */

export const SIPP_BINARY = '/usr/bin/sipp';
export const SIPP_SCENARIOS = resolve(import.meta.dirname, 'sipp');

export type SippExit = { code: number | null; stdout: string; stderr: string };

export type SippProcess = {
  port: number;
  /** Ends sipp (SIGTERM, then SIGKILL) and waits for it. */
  stop(): Promise<SippExit>;
  exited: Promise<SippExit>;
};

/** A UDP port nobody listens on right now (bound once, then released). */
export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((done) => socket.bind(0, host, done));
  const { port } = socket.address();
  await new Promise<void>((done) => socket.close(done));
  return port;
}

async function portTaken(port: number, host: string): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise((done) => {
    socket.once('error', () => done(true));
    socket.bind(port, host, () => socket.close(() => done(false)));
  });
}

export async function startSipp(options: {
  /** A file name under test/telephony/sipp/, an absolute path, or `sn:uac` for a built-in scenario. */
  scenario: string;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  extraArgs?: string[];
  /** Calls to process before exiting, 1 by default. */
  calls?: number;
  /** sipp quits with an error after this long, whatever happens (default 20 s). */
  timeoutSeconds?: number;
}): Promise<SippProcess> {
  const host = options.host ?? '127.0.0.1';
  // A free port is free when asked, not always when sipp binds it: another test may take it in
  // between. Then sipp says so at once, and tries another.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freeUdpPort(host));
    try {
      return await launchSipp(options, host, port);
    } catch (error) {
      const portTakenMeanwhile = !options.port && /Unable to bind main socket.*errno = 98/.test(String(error));
      if (!portTakenMeanwhile || attempt >= 5) throw error;
    }
  }
}

async function launchSipp(options: Parameters<typeof startSipp>[0], host: string, port: number): Promise<SippProcess> {
  const scenarioArgs = options.scenario.startsWith('sn:')
    ? ['-sn', options.scenario.slice(3)]
    : ['-sf', isAbsolute(options.scenario) ? options.scenario : resolve(SIPP_SCENARIOS, options.scenario)];
  const args = [
    ...scenarioArgs,
    '-i', host,
    '-p', String(port),
    '-m', String(options.calls ?? 1),
    '-nostdin',
    '-timeout', `${options.timeoutSeconds ?? 20}s`,
    '-timeout_error',
    ...(options.extraArgs ?? []),
  ];
  // sipp writes its logs to the working directory: keep them out of the repository.
  const child: ChildProcess = spawn(SIPP_BINARY, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString('utf8')).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)));
  const exited = new Promise<SippExit>((done) => {
    child.once('exit', (code) => done({ code, stdout, stderr }));
    child.once('error', (error) => done({ code: -1, stdout, stderr: `${stderr}\n${error.message}` }));
  });

  // Ready once its socket is bound (or it died trying).
  let running = true;
  void exited.then(() => (running = false));
  const deadline = Date.now() + 5000;
  while (running && Date.now() < deadline && !(await portTaken(port, host))) await new Promise((done) => setTimeout(done, 20));
  // The port taken may be another's: sipp failing to bind it ends within moments.
  await Promise.race([exited, new Promise((done) => setTimeout(done, 50))]);
  if (!running) {
    const exit = await exited;
    throw new Error(`sipp exited at start (${exit.code}): ${exit.stderr || exit.stdout}`);
  }

  return {
    port,
    exited,
    async stop() {
      if (running && child.pid) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => running && child.kill('SIGKILL'), 1000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}
