;; One Adam step over n float32 weights, four lanes at a time (WebAssembly SIMD), in tfjs's form:
;;   m' = β1·m + (1−β1)·g,  v' = β2·v + (1−β2)·g²,  w' = w − lr · (m'·u1) / (√(v'·u2) + ε)
;; with u1 = 1/(1−β1^t), u2 = 1/(1−β2^t); 1−β1 and 1−β2 come in as arguments (in float32, 1 − 0.999 is 1.3e-5 off). It works on tfjs-wasm's own heap (the imported memory): every
;; pointer is a byte offset there. Outputs may be the inputs themselves. scripts/build/adamWasm.ts compiles
;; this file into src/ml/training/adamWasm.generated.ts (also a variant importing a shared memory).
(module
  (import "env" "memory" (memory 1))
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32)
    (param $outW i32) (param $outM i32) (param $outV i32) (param $n i32)
    (param $beta1 f32) (param $beta2 f32) (param $keep1 f32) (param $keep2 f32)
    (param $lr f32) (param $eps f32) (param $unbias1 f32) (param $unbias2 f32)
    (local $i i32) (local $end i32) (local $simdEnd i32)
    (local $b1 v128) (local $b2 v128) (local $k1 v128) (local $k2 v128) (local $rate v128) (local $e v128) (local $u2 v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $k1 (f32x4.splat (local.get $keep1)))
    (local.set $k2 (f32x4.splat (local.get $keep2)))
    (local.set $rate (f32x4.splat (f32.mul (local.get $lr) (local.get $unbias1))))
    (local.set $e (f32x4.splat (local.get $eps)))
    (local.set $u2 (f32x4.splat (local.get $unbias2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $simdEnd (i32.and (local.get $end) (i32.const -16)))
    (block $simdDone
      (loop $simd
        (br_if $simdDone (i32.ge_u (local.get $i) (local.get $simdEnd)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mv
          (f32x4.add
            (f32x4.mul (local.get $b1) (v128.load (i32.add (local.get $m) (local.get $i))))
            (f32x4.mul (local.get $k1) (local.get $gv))))
        (local.set $vv
          (f32x4.add
            (f32x4.mul (local.get $b2) (v128.load (i32.add (local.get $v) (local.get $i))))
            (f32x4.mul (local.get $k2) (f32x4.mul (local.get $gv) (local.get $gv)))))
        (v128.store
          (i32.add (local.get $outW) (local.get $i))
          (f32x4.sub
            (v128.load (i32.add (local.get $w) (local.get $i)))
            (f32x4.div
              (f32x4.mul (local.get $rate) (local.get $mv))
              (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vv) (local.get $u2))) (local.get $e)))))
        (v128.store (i32.add (local.get $outM) (local.get $i)) (local.get $mv))
        (v128.store (i32.add (local.get $outV) (local.get $i)) (local.get $vv))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $simd)))
    (block $done
      (loop $scalar
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms
          (f32.add
            (f32.mul (local.get $beta1) (f32.load (i32.add (local.get $m) (local.get $i))))
            (f32.mul (local.get $keep1) (local.get $gs))))
        (local.set $vs
          (f32.add
            (f32.mul (local.get $beta2) (f32.load (i32.add (local.get $v) (local.get $i))))
            (f32.mul (local.get $keep2) (f32.mul (local.get $gs) (local.get $gs)))))
        (f32.store
          (i32.add (local.get $outW) (local.get $i))
          (f32.sub
            (f32.load (i32.add (local.get $w) (local.get $i)))
            (f32.div
              (f32.mul (f32.mul (local.get $lr) (local.get $unbias1)) (local.get $ms))
              (f32.add (f32.sqrt (f32.mul (local.get $vs) (local.get $unbias2))) (local.get $eps)))))
        (f32.store (i32.add (local.get $outM) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $outV) (local.get $i)) (local.get $vs))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $scalar)))))
