import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names. No conflict resolution (tailwind-merge cost ~9 kB gzipped on every
 * page): a caller overriding a base utility marks it important, e.g. `w-24!`.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
