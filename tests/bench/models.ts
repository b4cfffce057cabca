/**
 * Trains every model family for 3 epochs on MNIST with the CLI (same ml core as the browser) and prints
 * one JSON line per model with its last epoch's test terms (and, for the VQ-VAE with K = 64, the CLI's
 * `test_codes_used` and `test_perplexity`, plus the share of codes used). Run: `npm run bench:models`.
 */
import { spawn } from 'node:child_process';

const RUNS: Array<{ name: string; args: string[] }> = [
  { name: 'ae', args: ['--model', 'ae', '--latent', '2', '--hidden', '512'] },
  { name: 'dae', args: ['--model', 'dae', '--latent', '2', '--hidden', '512', '--noise-std', '0.5'] },
  { name: 'mae', args: ['--model', 'mae', '--latent', '2', '--hidden', '512', '--mask-ratio', '0.5', '--patch-size', '4'] },
  { name: 'vae', args: ['--model', 'vae', '--latent', '2', '--hidden', '512'] },
  { name: 'vqvae', args: ['--model', 'vqvae', '--codebook-size', '64', '--code-dim', '16', '--batch', '64'] },
];

/** Runs the CLI and resolves with its last JSON line. */
function train(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/train.ts', '--epochs', '3', '--seed', '1', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => {
      const lines = out.trim().split('\n').filter((line) => line.startsWith('{'));
      if (code !== 0 || lines.length === 0) reject(new Error(`train ${args.join(' ')} exited ${code}`));
      else resolve(JSON.parse(lines[lines.length - 1]) as Record<string, number>);
    });
  });
}

for (const run of RUNS) {
  const started = Date.now();
  const last = await train(run.args);
  const extra = run.name === 'vqvae' ? { test_codes_used_share: last.test_codes_used / 64 } : {};
  process.stdout.write(`${JSON.stringify({ model: run.name, ...last, ...extra, wall_s: Math.round((Date.now() - started) / 1000) })}\n`);
}
