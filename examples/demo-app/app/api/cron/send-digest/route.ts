import { NextResponse } from 'next/server';

// Anyone can call this route, and `Bearer undefined` passes when CRON_SECRET is unset.
export async function GET(request: Request) {
  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  return NextResponse.json({ sent: 0 });
}
