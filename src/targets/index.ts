/** The targets room: compilers from a compiled detection to every artifact, and the build. */
export { BuildError, type BuildOptions, buildArtifacts, DEFAULT_ARM_API_VERSION, type ManifestEntry } from "./build.js";
export { compileSigma, type SigmaCompilation } from "./sigma/compile.js";
export { TEMPLATE_NAMES, TemplateError } from "./templates.js";
export { diffArtifacts, OutputFolderError, type WriteResult, writeArtifacts } from "./write.js";
