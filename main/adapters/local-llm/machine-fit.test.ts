import { describe, expect, it } from 'vitest';
import { freemem } from 'node:os';
import { fitModel, thisMachine } from './machine-fit';

const GB = 1024 ** 3;

describe('fitting a model to the machine', () => {
  it("measures what this process may use: the container's limit where there is one, else the machine's", () => {
    const machine = thisMachine();
    expect(machine.freeBytes).toBeGreaterThan(0);
    expect(machine.freeBytes).toBeLessThanOrEqual(Math.min(freemem(), process.availableMemory()));
    expect(machine.freeBytes).toBeLessThanOrEqual(machine.totalBytes);
  });

  it('gives the largest context that fits the free memory, and every core but one', () => {
    const small = 1.1 * GB;
    expect(fitModel('small', small, { freeBytes: 16 * GB, totalBytes: 32 * GB, cpus: 8 })).toMatchObject({ contextSize: 8192, threads: 7 });
    const roomy = fitModel('small', small, { freeBytes: 16 * GB, totalBytes: 32 * GB, cpus: 8 });
    // Less free memory: a shorter context rather than a refusal.
    const tight = fitModel('small', small, { freeBytes: roomy.neededBytes, totalBytes: 8 * GB, cpus: 2 });
    expect(tight.contextSize).toBeLessThan(8192);
    expect(tight.threads).toBe(1);
    expect(fitModel('small', small, { freeBytes: 16 * GB, totalBytes: 32 * GB, cpus: 64 }).threads).toBe(8);
  });

  it('refuses a model that does not fit even with the smallest context, saying what it needs and what is free', () => {
    expect(() => fitModel('qwen2.5-coder-7b.gguf', 4.7 * GB, { freeBytes: 3 * GB, totalBytes: 8 * GB, cpus: 4 })).toThrow(
      'the model "qwen2.5-coder-7b.gguf" (4.7 GB) needs about 5.1 GB of memory and this machine has 3.0 GB free of 8.0 GB: close other programs, or use a smaller model (pipewright models list)',
    );
  });
});
