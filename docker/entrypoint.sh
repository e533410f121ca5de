#!/usr/bin/env bash
# Entry point of the eaadam image. Spark on Kubernetes starts its pods with "driver ..." or
# "executor": those go to Spark's own entrypoint (/opt/entrypoint.sh from the distribution), with
# eaadam's jars on the classpath. Anything else is an eaadam command run in the container (Spark's
# local mode), with the JVM flags of ./eaadam, e.g.
#   docker run --gpus all -v /data:/data eaadam:0.1.0 train --conf /opt/eaadam/conf/demo.conf -Drun.dir=/data/run
set -euo pipefail
export SPARK_EXTRA_CLASSPATH="${SPARK_EXTRA_CLASSPATH:+$SPARK_EXTRA_CLASSPATH:}/opt/eaadam/jars/*"
case "${1:-}" in
  driver | executor | driver-py | driver-r)
    exec /opt/entrypoint.sh "$@"
    ;;
  *)
    read -r -a jvm_options < /opt/eaadam/jvm.options
    read -r -a heap <<< "${EAADAM_JAVA_OPTS:--Xmx8g}"
    exec "$JAVA_HOME/bin/java" "${heap[@]}" "${jvm_options[@]}" -Deaadam.home=/opt/eaadam \
      -Dlog4j2.configurationFile=/opt/eaadam/conf/log4j2.properties \
      -cp "/opt/eaadam/jars/*:$SPARK_HOME/jars/*" io.eaadam.jobs.Main "$@"
    ;;
esac
