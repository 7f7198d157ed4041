// handlebars/dist/handlebars.js is the package's single-file (UMD) build of the same release,
// compiler included; its module.exports is the Handlebars instance that `handlebars` exports.
// The package's typings describe only its main entry: this gives the file the same type.
declare module 'handlebars/dist/handlebars.js' {
  import Handlebars from 'handlebars';
  export default Handlebars;
}
