/**
 * `import text from './file.css' with { type: 'text' }`: Turbopack returns the file's content as
 * a string (pages/_document.tsx inlines the storefront CSS this way). Plain side-effect CSS
 * imports (`import './x.css'`) are unaffected.
 */
declare module '*.css' {
  const text: string;
  export default text;
}
