import { spawn } from 'node:child_process';

/**
 * A benchmark's peer (SMTP sink, SMSC, push service) in a child process of its own, so that it does
 * not share the event loop it is measured against. The child sends `{ ready: true, … }` once, then
 * answers each `{ id, … }` request with `{ id, ok, … }` or `{ id, ok: false, error }`.
 */
export type ChildService<Ready, Request, Answer> = {
  ready: Ready;
  call: (request: Request) => Promise<Extract<Answer, { ok: true }>>;
  stop: () => Promise<void>;
};

type Answered = { id: number; ok: boolean; error?: string };

export async function startChildService<Ready extends { ready: true }, Request extends object, Answer extends Answered>(script: string, name: string): Promise<ChildService<Ready, Request, Answer>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (answer: Extract<Answer, { ok: true }>) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.on('message', (message: Ready | Answer) => {
      if ('ready' in message) return resolve(message);
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiting?.resolve(message as Extract<Answer, { ok: true }>);
      else waiting?.reject(new Error(`${name}: ${message.error}`));
    });
    child.once('exit', (code) => {
      const error = new Error(`the ${name} process ended (exit code ${String(code)})`);
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  });
  return {
    ready,
    call: (request) =>
      new Promise<Extract<Answer, { ok: true }>>((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve, reject });
        child.send({ ...request, id });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      if (child.connected) child.disconnect();
      await exited;
      clearTimeout(killer);
    },
  };
}
