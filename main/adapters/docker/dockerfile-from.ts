/**
 * The images a Dockerfile builds on: each FROM's image, leaving out earlier stages named with
 * `AS` and `scratch`. Build arguments in a FROM (`FROM node:${V}`) cannot be known here: left out.
 */
export function baseImagesOf(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  // Continuation lines joined, so a FROM split over lines reads as one.
  for (const line of dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    const image = m[1];
    if (!stages.has(image.toLowerCase()) && image !== 'scratch' && !image.includes('$') && !images.includes(image)) images.push(image);
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return images;
}
