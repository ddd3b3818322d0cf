# shellcheck shell=bash
# async-profiler's agent for this machine, unpacked from the jar Maven put in bench/target/lib
# into a new directory every JVM's owner may read: prints the library's path.
#   agent=$(async_profiler_agent "$root")
async_profiler_agent() {
  local dir
  dir=$(mktemp -d)
  chmod 755 "$dir"
  (cd "$dir" && unzip -q -o "$1"/bench/target/lib/async-profiler-*.jar 'linux-*/*')
  echo "$dir/linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')/libasyncProfiler.so"
}
