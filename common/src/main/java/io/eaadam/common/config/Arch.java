package io.eaadam.common.config;

/** The generator backbones: BasicSR's MSRResNet and RRDBNet (ESRGAN). */
public enum Arch {
    SRRESNET,
    RRDB;

    @Override
    public String toString() {
        return Choices.name(this);
    }
}
