#!/bin/sh
# Stand-in for Prisma's native schema engine, which is not installed (it would be downloaded).
# Anything that actually needs it must fail visibly rather than pretend to succeed.
echo "refmap: Prisma's native schema engine is not installed; use 'npm run db:migrate' for migrations" >&2
exit 1
