-- An uncaught require failure: the first line names the call's position.
package.path = "./no_such_dir_here/?.lua"
require("no_such_module_anywhere")
