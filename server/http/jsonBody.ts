import express, { type RequestHandler } from 'express';

/**
 * Every JSON request body of the hall, read one way: at most `limit` bytes, an object or an array at the top
 * (strict), and no string anywhere in it holding a NUL character. No text the hall keeps has one, and the
 * databases refuse to store one (PostgreSQL fails on it): a body carrying one is refused as malformed (400)
 * before any route sees it, instead of failing in storage.
 */
export function jsonBody(limit: string): RequestHandler {
  return express.json({ limit, strict: true, reviver: refuseNul });
}

function refuseNul(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.includes('\0')) throw new SyntaxError('a string in the body holds a NUL');
  return value;
}
