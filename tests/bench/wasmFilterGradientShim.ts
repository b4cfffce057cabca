/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so a tfjs-layers conv model cannot train on wasm
 * as it is. The plain baseline registers the smallest fix: a Conv2DBackpropFilter for wasm that hands the
 * 2-d problem to wasm's own Conv3DBackpropFilterV2 kernel as a depth-1 3-d one (NHWC and NDHWC with D = 1 share
 * their memory layout, so no data moves).
 */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type FilterGradientAttrs = { strides: number | [number, number]; pad: 'same' | 'valid' | number; filterShape: [number, number, number, number] };

/** Registers the kernel once; a no-op when wasm already has one. */
export function registerWasmConv2dFilterGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (!conv3d) throw new Error('tfjs-backend-wasm has no Conv3DBackpropFilterV2 kernel to build on');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }: KernelArgs) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, pad, filterShape } = attrs as unknown as FilterGradientAttrs;
      if (typeof pad === 'number') throw new Error('the Conv2DBackpropFilter shim takes only same/valid padding');
      const [strideY, strideX] = typeof strides === 'number' ? [strides, strides] : strides;
      const as5d = (t: tf.TensorInfo): tf.TensorInfo => ({ ...t, shape: [t.shape[0], 1, ...t.shape.slice(1)] });
      const out = conv3d.kernelFunc({
        inputs: { x: as5d(x), dy: as5d(dy) },
        backend,
        attrs: { strides: [1, strideY, strideX], pad, filterShape: [1, ...filterShape] },
      }) as tf.TensorInfo;
      return { ...out, shape: filterShape };
    },
  });
}
