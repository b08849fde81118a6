import { z } from 'zod';

/** Largest page any list route answers; asking for more is a 400, never a silent cut. */
export const MAX_PAGE_SIZE = 500;

/** Query fields shared by every paged list: `offset` (0-based) and `limit` (page size). */
export const PageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** One page of a list: its items, and `total`, the true number of rows matching the filter. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().nonnegative(),
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}
