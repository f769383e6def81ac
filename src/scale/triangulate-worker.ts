/**
 * The worker-thread side of `workerTriangulator`: triangulates the planar points it is sent with delaunator
 * and posts back delaunator's arrays (their buffers transferred, not copied). An error is posted back as a
 * message, never thrown across the thread boundary. One message, one triangulation.
 */
import { parentPort } from 'node:worker_threads';
import Delaunator from 'delaunator';
import type { TriangulateReply } from './run-in-workers.js';

parentPort?.on('message', (coords: Float64Array) => {
  try {
    const d = new Delaunator(coords);
    const reply: TriangulateReply = { triangulation: { triangles: d.triangles, halfedges: d.halfedges, hull: d.hull } };
    const buffers = new Set([d.triangles.buffer, d.halfedges.buffer, d.hull.buffer] as ArrayBuffer[]);
    parentPort!.postMessage(reply, [...buffers]);
  } catch (error) {
    const reply: TriangulateReply = { error: error instanceof Error ? error.stack ?? error.message : String(error) };
    parentPort!.postMessage(reply);
  }
});
