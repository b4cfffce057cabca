import { describe, expect, it } from 'vitest';
import { RateMeter } from './meters';

describe('RateMeter', () => {
  it('has no rate until two marks span some time', () => {
    const meter = new RateMeter(3000);
    expect(meter.perSecond()).toBeNull();
    meter.record(1000, 128);
    expect(meter.perSecond()).toBeNull();
    meter.record(1000, 256);
    expect(meter.perSecond()).toBeNull();
  });

  it('divides the samples by the time between the first and the last mark (hand-worked)', () => {
    const meter = new RateMeter(3000);
    meter.record(0, 0);
    meter.record(1000, 256);
    meter.record(2000, 768);
    expect(meter.perSecond()).toBe(384);
  });

  it('forgets marks older than the window, keeping the newest two: 400 samples over 4 s after a long gap', () => {
    const meter = new RateMeter(3000);
    meter.record(0, 0);
    meter.record(1000, 100);
    meter.record(5000, 500);
    expect(meter.perSecond()).toBe(100);
  });

  it('has no rate after clear', () => {
    const meter = new RateMeter(3000);
    meter.record(0, 0);
    meter.record(1000, 100);
    meter.clear();
    expect(meter.perSecond()).toBeNull();
  });
});
