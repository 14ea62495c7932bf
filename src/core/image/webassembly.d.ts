// Node runs WebAssembly, but @types/node does not declare it and the host tsconfig leaves the DOM lib out (so that
// browser-only globals cannot creep into the engine): this declares the one call the codecs make.
declare namespace WebAssembly {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an opaque handle, as in lib.dom
  interface Module {}
  function compile(bytes: Uint8Array): Promise<Module>;
}
