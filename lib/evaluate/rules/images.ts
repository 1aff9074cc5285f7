/**
 * Image reference → registry host (`nginx:1.25` and `library/nginx` are Docker Hub).
 * @example registryHostOf('harbor.example.com/shop/app:1.0') // 'harbor.example.com'
 */
export function registryHostOf(image: string): string {
  const firstSlash = image.indexOf('/');
  if (firstSlash === -1) return 'docker.io';
  const candidate = image.slice(0, firstSlash);
  // a registry host has a dot or a port, or is localhost; otherwise it is a Docker Hub namespace
  return /[.:]/.test(candidate) || candidate === 'localhost' ? candidate : 'docker.io';
}

/**
 * The tag of an image reference, or undefined when pinned only by digest or untagged.
 * @example tagOf('localhost:5000/app:1.2') // '1.2'
 */
export function tagOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}
