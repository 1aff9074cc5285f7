import 'server-only';
import type { z } from 'zod';
import type { SourceConnection } from '@/lib/sources/connection';
import type { Limiter } from '@/lib/sources/http/limiter';
import { requestJson } from '@/lib/sources/http/request-json';
import { SourceError } from '@/lib/sources/source-error';

/** What every Harbor request needs: where, how long to wait, and the client's bound on requests in flight. */
export interface HarborContext {
  connection: SourceConnection;
  timeoutMs: number;
  limiter: Limiter;
}

/** Harbor's largest page (swagger: page_size maximum 100). */
const PAGE_SIZE = 100;
// A guard against a source whose X-Total-Count never ends the loop.
const MAX_PAGES = 10_000;

export async function getOne<T>(context: HarborContext, path: string, schema: z.ZodType<T>): Promise<T> {
  const { body } = await requestJson({ source: 'harbor', connection: context.connection, path, schema, timeoutMs: context.timeoutMs, limiter: context.limiter });
  return body;
}

interface PageRequest<T> {
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  schema: z.ZodType<T[]>;
}

async function getPage<T>(context: HarborContext, request: PageRequest<T>, page: number): Promise<{ items: T[]; total?: number }> {
  const { headers, body } = await requestJson({
    source: 'harbor',
    connection: context.connection,
    path: request.path,
    query: { ...request.query, page, page_size: PAGE_SIZE },
    headers: request.headers,
    schema: request.schema,
    timeoutMs: context.timeoutMs,
    limiter: context.limiter,
  });
  const total = Number(headers['x-total-count']);
  return { items: body, total: headers['x-total-count'] !== undefined && Number.isFinite(total) ? total : undefined };
}

/**
 * Every item of a paginated Harbor list. The first page's X-Total-Count tells how many pages follow;
 * those are then asked for together (the client's limiter keeps the number in flight bounded).
 * Without the header, pages are read one after another until a short page.
 */
export async function listAllPages<T>(context: HarborContext, request: PageRequest<T>): Promise<T[]> {
  const first = await getPage(context, request, 1);
  if (first.total !== undefined) {
    const pageCount = Math.ceil(first.total / PAGE_SIZE);
    if (pageCount > MAX_PAGES) {
      throw new SourceError({ source: 'harbor', kind: 'parse', path: request.path, message: `X-Total-Count ${first.total} means more than ${MAX_PAGES} pages` });
    }
    if (pageCount <= 1 || first.items.length < PAGE_SIZE) return first.items;
    const pageNumbers = Array.from({ length: pageCount - 1 }, (_, index) => index + 2);
    const rest = await Promise.all(pageNumbers.map((page) => getPage(context, request, page)));
    return [first.items, ...rest.map((page) => page.items)].flat();
  }
  const items = [...first.items];
  let last = first.items;
  for (let page = 2; last.length === PAGE_SIZE; page++) {
    if (page > MAX_PAGES) throw new SourceError({ source: 'harbor', kind: 'parse', path: request.path, message: `more than ${MAX_PAGES} pages` });
    last = (await getPage(context, request, page)).items;
    items.push(...last);
  }
  return items;
}
