// swagger-ui-dist ships types for its index only; absolute-path.js is the part of it the server loads.
declare module 'swagger-ui-dist/absolute-path.js' {
  const getAbsoluteFSPath: () => string;
  export default getAbsoluteFSPath;
}
