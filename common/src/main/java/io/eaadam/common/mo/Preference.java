package io.eaadam.common.mo;

import java.io.Serializable;

/**
 * A slot's weights between the two objectives: distortion (L1) and perception (VGG + GAN). They sum
 * to 1 for the uniform vectors; slot 0 is (1, 0), the last slot (0, 1).
 */
public record Preference(double distortion, double perception) implements Serializable {

    public Preference {
        if (!(distortion >= 0) || !(perception >= 0) || distortion + perception == 0) {
            throw new IllegalArgumentException("preference (" + distortion + ", " + perception
                    + "): expected two weights >= 0, not both 0");
        }
    }

    /** Parses "0.75,0.25" (the form the command line takes). */
    public static Preference parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("preference '" + text + "': expected two weights, e.g. 0.75,0.25");
        }
        try {
            return new Preference(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("preference '" + text + "': expected two numbers, e.g. 0.75,0.25");
        }
    }

    @Override
    public String toString() {
        return "(" + distortion + ", " + perception + ")";
    }
}
