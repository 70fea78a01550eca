#ifndef WAITWATCH_CKAFKA_SHIM_H
#define WAITWATCH_CKAFKA_SHIM_H
#include <stdio.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
