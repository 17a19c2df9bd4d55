#!/usr/bin/env bash
# Assembles a Flink distribution (FLINK_HOME) for a real session cluster and prints its path:
#   bash scripts/flink-home.sh VERSION        e.g. 1.20.3, 1.19.3, 2.3.0
# Flink's binary distribution is on no registry we reach, so it is put together from PyPI
# (apache-flink-libraries: lib/ opt/ plugins/; the apache-flink wheel: bin/ conf/) plus
# flink-sql-gateway from Maven Central, which sql-client.sh needs and PyPI lacks.
# Cached under $TDFLINK_CACHE/flink/VERSION/home (default: the repo's .cache); a second run
# only prints the path. The home is built in a temporary folder and renamed when complete.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:?usage: flink-home.sh VERSION}
cache=${TDFLINK_CACHE:-$root/.cache}
base=$cache/flink/$version
home=$base/home
[ -x "$home/bin/sql-client.sh" ] && { echo "$home"; exit 0; }

dl=$base/dl
mkdir -p "$dl"
# Parallel first runs: one assembles, the others wait and find the home ready.
exec 9> "$base/lock"
flock 9
[ -x "$home/bin/sql-client.sh" ] && { echo "$home"; exit 0; }
work=$(mktemp -d "$base.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home/log"
pip_get() { python3 -m pip download -q --disable-pip-version-check --no-deps -d "$dl" "$@" >&2; }

# Up to 2.1 the libraries are an sdist with the jars under <name>-V/deps/; from 2.2 a wheel
# with them under pyflink/.
libs=$(compgen -G "$dl/apache[-_]flink[-_]libraries-$version[.-]*" || true)
[ -n "$libs" ] || { pip_get "apache-flink-libraries==$version"; libs=$(compgen -G "$dl/apache[-_]flink[-_]libraries-$version[.-]*"); }
case $libs in
    *.whl) unzip -q "$libs" 'pyflink/lib/*' 'pyflink/opt/*' 'pyflink/plugins/*' 'pyflink/bin/bash-java-utils.jar' -d "$work/x"
           src=$work/x/pyflink ;;
    *)     mkdir -p "$work/x"; tar -xzf "$libs" -C "$work/x" --strip-components=1 --wildcards '*/deps/*'
           src=$work/x/deps ;;
esac
mv "$src/lib" "$src/opt" "$src/plugins" "$work/home/"
mkdir -p "$work/home/bin"
mv "$src/bin/bash-java-utils.jar" "$work/home/bin/"

wheel=$(compgen -G "$dl/apache_flink-$version-*.whl" || true)
[ -n "$wheel" ] || { pip_get --only-binary=:all: "apache-flink==$version"; wheel=$(compgen -G "$dl/apache_flink-$version-*.whl"); }
unzip -q "$wheel" 'pyflink/bin/*' 'pyflink/conf/*' -d "$work/w"
cp -r "$work/w/pyflink/bin/." "$work/home/bin/"
cp -r "$work/w/pyflink/conf" "$work/home/"
chmod +x "$work/home/bin/"*.sh "$work/home/bin/flink"

# The gateway's jar is self-contained (shaded), so no transitive dependencies are needed.
# Central serves no flink-sql-gateway 1.19.0, 1.19.2 or 1.19.3; 1.19.1's works with them.
case $version in
    1.19.[023]) gateway_version=1.19.1 ;;
    *) gateway_version=$version ;;
esac
gateway=$dl/flink-sql-gateway-$gateway_version.jar
if [ ! -f "$gateway" ]; then
    # Run outside the repo so that Maven does not read the project's pom.
    (cd "$work" && mvn -B -ntp -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        "-Dartifact=org.apache.flink:flink-sql-gateway:$gateway_version" "-DoutputDirectory=$dl" > mvn.log 2>&1) ||
        { cat "$work/mvn.log" >&2; exit 1; }
fi
cp "$gateway" "$work/home/opt/"

rm -rf "$home"
mv "$work/home" "$home"
echo "$home"
