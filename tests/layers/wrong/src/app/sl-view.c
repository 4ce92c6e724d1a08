/* An app file that reaches past the engine into the store and OpenCV. */
#include "core/sl-store.h"
#include "engine/sightline-engine.h"
#include <opencv2/core.hpp>
