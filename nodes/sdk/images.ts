/**
 * A Docker image a node kind runs, declared in its definition. The settings key, the
 * environment variable CI points at a local image and the Settings dialog's field all derive
 * from the name, so a kind that brings a new image touches no other file.
 */
export interface ImageDecl {
  /**
   * Stable name, shared by the kinds that use the same image (`sandbox`, `node`): the settings
   * key is `images.<name>`, the variable PIPEWRIGHT_IMAGE_<NAME> (camelCase split by `_`).
   */
  name: string;
  /** The public image used when neither a setting nor the variable names one; pinned. */
  default: string;
  /** Its label in Settings, such as "vLLM server". */
  title: string;
  description?: string;
}

/** An image name as settings keys and variables can spell it. */
export const IMAGE_NAME = /^[a-z][A-Za-z0-9]*$/;

/** The settings key that holds the image called `name`: `images.<name>`. */
export const imageSettingKey = (name: string) => `images.${name}` as const;

/** The variable that names the image where no setting does: PIPEWRIGHT_IMAGE_NODE, …, PIPEWRIGHT_IMAGE_CODE_SERVER. */
export const imageEnvVar = (name: string) => `PIPEWRIGHT_IMAGE_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** What Settings and the Docker layer know about one image, derived from a declaration. */
export interface BaseImage extends ImageDecl {
  key: `images.${string}`;
  envVar: string;
  /** The kinds that declare it. */
  kinds: string[];
}

/**
 * The images a list of definitions declare, once each by name, in list order. Two kinds that
 * declare one name with different defaults are a mistake: the setting could serve only one.
 */
export function collectImages(defs: readonly { kind: string; images?: readonly ImageDecl[] }[]): BaseImage[] {
  const byName = new Map<string, BaseImage>();
  for (const def of defs) {
    for (const image of def.images ?? []) {
      if (!IMAGE_NAME.test(image.name)) {
        throw new Error(`node kind "${def.kind}": image name "${image.name}" must be letters and digits in camelCase, such as codeServer`);
      }
      const seen = byName.get(image.name);
      if (!seen) {
        byName.set(image.name, { ...image, key: imageSettingKey(image.name), envVar: imageEnvVar(image.name), kinds: [def.kind] });
      } else if (seen.default !== image.default) {
        throw new Error(
          `node kind "${def.kind}": image "${image.name}" defaults to ${image.default}, but "${seen.kinds[0]}" declares ${seen.default}; give one default or two names`,
        );
      } else seen.kinds.push(def.kind);
    }
  }
  return [...byName.values()];
}
