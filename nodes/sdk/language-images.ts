import type { Language } from './blueprint';
import type { ImageDecl } from './images';

/**
 * The images of the languages Pipewright builds and tests: official public images by default,
 * pinned; CI points PIPEWRIGHT_IMAGE_<NAME> at local ones. The code generator runs a project's
 * commands in its language's image and Build & Deploy builds on them, so both declare them
 * (one default per name).
 */
export const LANGUAGE_IMAGES = {
  python: { name: 'python', default: 'python:3.12-slim', title: 'Python', description: 'Python projects: their tests run in it, and apps are built on it' },
  go: { name: 'go', default: 'golang:1.22', title: 'Go', description: 'Go projects: their tests run in it, and apps are built with it' },
  java: {
    name: 'java',
    default: 'maven:3.9-eclipse-temurin-21',
    title: 'Java (JDK and Maven)',
    description: 'Java projects: their tests run in it (mvn test), and apps are built with it',
  },
  javaRuntime: { name: 'javaRuntime', default: 'eclipse-temurin:21-jre', title: 'Java runtime', description: 'What a built Java app runs on' },
  rust: { name: 'rust', default: 'rust:1.83-slim', title: 'Rust', description: 'Rust projects: their tests run in it (cargo test), and apps are built with it' },
} as const satisfies Record<string, ImageDecl>;

/**
 * What a Dockerfile Pipewright writes (Build & Deploy, iac) builds on and runs on, per stack:
 * one list, so the kinds that write Dockerfiles declare the same names and defaults.
 */
export const DOCKERFILE_IMAGES: readonly ImageDecl[] = [
  { name: 'node', default: 'node:20-slim', title: 'Node apps', description: 'What a Node app is built on when Pipewright writes its Dockerfile' },
  { name: 'python', default: 'python:3.12-slim', title: 'Python apps', description: 'What a Python app is built on when Pipewright writes its Dockerfile' },
  { name: 'static', default: 'busybox:1.36', title: 'Static sites', description: 'What a static site is served from, and Go and Rust apps run on, when Pipewright writes the Dockerfile' },
  LANGUAGE_IMAGES.go,
  LANGUAGE_IMAGES.java,
  LANGUAGE_IMAGES.javaRuntime,
  LANGUAGE_IMAGES.rust,
];

/** The image a language's commands run in: Node's is the code generator's `sandbox` image. */
export const SANDBOX_IMAGE: Record<Language, string> = {
  node: 'sandbox',
  python: LANGUAGE_IMAGES.python.name,
  go: LANGUAGE_IMAGES.go.name,
  java: LANGUAGE_IMAGES.java.name,
  rust: LANGUAGE_IMAGES.rust.name,
};
