
export function portOf(url: string | undefined): number | undefined {
  const port = Number(url ? new URL(url).port : NaN);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

