import { describe, expect, it } from 'vitest';
import { downloadProgress } from './download-progress';

describe('progress in a model server\'s log', () => {
  it('reads tqdm bars (model downloads, shard loading) and nothing else', () => {
    expect(downloadProgress('model-00001-of-00002.safetensors:  45%|████▌     | 2.25G/5.00G [00:10<00:12, 225MB/s]')).toEqual({
      done: 45,
      total: 100,
      label: 'model-00001-of-00002.safetensors',
    });
    expect(downloadProgress('Loading safetensors checkpoint shards:  50% Completed | 1/2 [00:01<00:01,  1.20s/it]')).toBeUndefined();
    expect(downloadProgress('Fetching 12 files: 100%|██████████| 12/12 [00:31<00:00,  2.61s/it]')).toEqual({ done: 100, total: 100, label: 'Fetching 12 files' });
    expect(downloadProgress('INFO 12-02 15:00:01 api_server.py:212] vLLM API server version 0.6.3')).toBeUndefined();
    expect(downloadProgress('GPU KV cache usage: 95%, prefix cache hit rate: 0%')).toBeUndefined();
  });
});
