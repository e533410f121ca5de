package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eaadam.common.testing.TestImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MatlabResizeTest {

    // Expected outputs come from a float64 numpy transcription of BasicSR's matlab_functions.imresize
    // (calculate_weights_indices, cubic, symmetric padding, H then W), run once on the same inputs.

    /** BasicSR imresize of lcgNoise(1, 13, 17, 11) by 1/4: 1x4x5. */
    private static final double[] ONE_QUARTER = {
            0.626386122499055, 0.5609291946303724, 0.5769463335110522, 0.5331384253755223,
            0.6206628961900751, 0.562373785755031, 0.39672074716431444, 0.42758615425753305,
            0.5391372927359545, 0.6390362984497507, 0.4796368807586837, 0.5185462129650613,
            0.555017404018449, 0.5380822195321541, 0.521791294606525, 0.3977145976306877,
            0.5751911421669416, 0.6053137278677716, 0.5625967518181527, 0.5297028132804371
    };

    /** BasicSR imresize of lcgNoise(2, 9, 11, 12) by 1/2: 2x5x6. */
    private static final double[] ONE_HALF = {
            0.4008746739802973, 0.46918282692914914, 0.43056745202003555, 0.5963327692199343,
            0.5596298610939741, 0.26541424874221775, 0.6899613559424438, 0.5719573908878388,
            0.43462278313635494, 0.39583956963661393, 0.44241591203529396, 0.48006034117963736,
            0.5677620952048414, 0.6355050109244118, 0.6351794395900399, 0.33970388256310713,
            0.436847902704109, 0.8841519845382209, 0.4644370572048615, 0.5292303952100426,
            0.5618843656363808, 0.46890666951563986, 0.3259455121661077, 0.611622712861049,
            0.5339871016766438, 0.42564934103347696, 0.4807392181465957, 0.3374026025259127,
            0.4158677744177339, 0.4951392882608161, 0.45620457200175224, 0.5366564335389512,
            0.39004727763210667, 0.41739566844046294, 0.8428905409458594, 0.586671639549877,
            0.27854752347030853, 0.4063933161928901, 0.6627538469147396, 0.3958321209341875,
            0.6932090797974979, 0.611279422766529, 0.4675114633387807, 0.4238385290035751,
            0.4199620141170328, 0.45283698085597734, 0.6399266325511235, 0.4894974885319243,
            0.5536719967099089, 0.5241654096345769, 0.6300044975191099, 0.4898436268632622,
            0.41363016654827334, 0.3208728774698102, 0.5461667214979116, 0.7889933188644136,
            0.7651664541003811, 0.6414763174648215, 0.6550375699700908, 0.6863717553287643
    };

    /** BasicSR imresize of lcgNoise(1, 10, 14, 13) by 1/3: 1x4x5. */
    private static final double[] ONE_THIRD = {
            0.5091148001312042, 0.5318478025742144, 0.5007355005523358, 0.44271339059462,
            0.42636217171349844, 0.6055871937054169, 0.5298270050683532, 0.4348881732982042,
            0.5125198501760257, 0.43886939133450015, 0.49506783629170703, 0.5092317268316675,
            0.4305284924107773, 0.4485134667620537, 0.42145039047265165, 0.45638768908304694,
            0.43872517728779203, 0.5030715895421785, 0.4904931818027627, 0.4210821802789908
    };

    /** BasicSR imresize of lcgNoise(1, 3, 4, 14) by 2: 1x6x8. */
    private static final double[] TWO = {
            -0.06992790178537689, -0.017927535463513777, 0.08607319718021245, 0.2191967172323075,
            0.38144302469277136, 0.4662995635335392, 0.47376633375461097, 0.47749971886514686,
            0.09220295327440908, 0.14410317372517056, 0.24790361462669352, 0.317898537572205,
            0.35408794256170495, 0.40551061667611066, 0.4721665599154221, 0.5054945315350778,
            0.416464663393981, 0.46816459210253925, 0.5715644495196557, 0.515302178252,
            0.29937777829957213, 0.2839327229612536, 0.4689670122370444, 0.5614841568749398,
            0.6143381036447408, 0.6310235133847755, 0.6643943328648447, 0.5415203771086112,
            0.26240164611607497, 0.2606953121330662, 0.5364013751595849, 0.6742544066728442,
            0.6858232740266885, 0.6326799375718792, 0.5263932646622607, 0.39655313414203874,
            0.24315954601121348, 0.3357983841915484, 0.6744696486830435, 0.843805280928791,
            0.7215658592176624, 0.6335081496654311, 0.45739273056096863, 0.3240695126587525,
            0.23353849595878273, 0.3733499202207895, 0.7435037854447728, 0.9285807180567645
    };

    /** BasicSR imresize of lcgNoise(1, 2, 3, 15) by 4: 1x8x12. */
    private static final double[] FOUR = {
            -0.07750040675816194, -0.05935153311267527, -0.01687360606120336, 0.07112256214653456,
            0.17020454141633223, 0.2379939562476281, 0.23365311619014406, 0.15641031634477187,
            0.04813218702726729, -0.04725948646359157, -0.09407825357254751, -0.11428500694898958,
            -0.0531838810272518, -0.03554275437770116, 0.005560289871716861, 0.09008224926494535,
            0.18559300279307678, 0.252178555368225, 0.25155569876273276, 0.1836137029134015,
            0.08678341613215323, 0.0012002936332713432, -0.04052560722163889, -0.05846201403971918,
            0.0007684104382050805, 0.017282973440522653, 0.055335496472883605, 0.13214905505891927,
            0.21973615147272874, 0.2836506346670493, 0.29127705384566394, 0.24397121686254852,
            0.17254083070861892, 0.10872043072318593, 0.0782943268694396, 0.06539525147772451,
            0.1025938619363913, 0.11698223439322675, 0.14927743569198704, 0.21154274486726443,
            0.2841753334878465, 0.3430486434845488, 0.3662441183683791, 0.35788539811868514,
            0.3343928525853288, 0.3116457598787994, 0.30254603346386943, 0.2991540342852943,
            0.22265670773276014, 0.23453807939716143, 0.26004479686078064, 0.3051562000144177,
            0.3601558615355227, 0.4130851016424959, 0.4546381198205358, 0.492202119301294,
            0.5252332962907031, 0.55091592410706, 0.5669622248214807, 0.5747800617748169,
            0.32448215923094637, 0.3342373403498655, 0.35398673607988407, 0.38454988982276284,
            0.4245950435506405, 0.47248311045999536, 0.529605184343251, 0.6061163005574306,
            0.687085318167413, 0.7538412532626735, 0.7912139314159106, 0.8085388445823867,
            0.37843445069640325, 0.38706306816808933, 0.4037619426810508, 0.42661669561673676,
            0.45873819223029244, 0.5039551897588197, 0.5693265394261822, 0.6664738145065776,
            0.7728427327438787, 0.8613613903525881, 0.9100338655069891, 0.9323961100998304,
            0.4027509764273134, 0.41087184690306344, 0.42619583861397103, 0.44557638273514755,
            0.474126653607037, 0.5181397888794166, 0.5872291219987709, 0.6936772010752073,
            0.8114939618487647, 0.909821170449451, 0.9635865118578977, 0.9882191030091008
    };

    @Test
    void matchesBasicSrWhenShrinking() {
        assertResizes(ONE_QUARTER, TestImages.lcgNoise(1, 13, 17, 11), 0.25, 4, 5);
        assertResizes(ONE_HALF, TestImages.lcgNoise(2, 9, 11, 12), 0.5, 5, 6);
        assertResizes(ONE_THIRD, TestImages.lcgNoise(1, 10, 14, 13), 1 / 3.0, 4, 5);
    }

    @Test
    void matchesBasicSrWhenEnlarging() {
        assertResizes(TWO, TestImages.lcgNoise(1, 3, 4, 14), 2, 6, 8);
        assertResizes(FOUR, TestImages.lcgNoise(1, 2, 3, 15), 4, 8, 12);
    }

    @Test
    void downscaleIsResizeByTheReciprocal() {
        Image hr = TestImages.lcgNoise(1, 13, 17, 11);
        assertArrayEquals(MatlabResize.resize(hr, 0.25).data(), MatlabResize.downscale(hr, 4).data());
    }

    @Test
    void factorOneIsTheIdentity() {
        Image image = TestImages.smoothRgb(9, 7, 1);
        assertArrayEquals(image.data(), MatlabResize.downscale(image, 1).data());
    }

    @Test
    void constantImageStaysConstant() {
        // Includes images smaller than the kernel's reach, where the mirroring repeats.
        int[][] sizes = {{13, 9}, {3, 2}, {1, 1}};
        double[] scales = {0.25, 1 / 3.0, 0.5, 0.7, 1.5, 2, 4};
        for (int[] size : sizes) {
            float[] data = new float[3 * size[0] * size[1]];
            Arrays.fill(data, 0.37f);
            Image constant = Image.of(3, size[0], size[1], data);
            for (double scale : scales) {
                for (float v : MatlabResize.resize(constant, scale).data()) {
                    assertEquals(0.37f, v, 1e-6f, size[0] + "x" + size[1] + " by " + scale);
                }
            }
        }
    }

    @Test
    void outputSizeIsTheCeilingOfSizeTimesScale() {
        assertShape(MatlabResize.downscale(TestImages.lcgNoise(3, 40, 60, 1), 4), 3, 10, 15);
        assertShape(MatlabResize.downscale(TestImages.lcgNoise(1, 37, 101, 1), 4), 1, 10, 26);
        assertShape(MatlabResize.downscale(TestImages.lcgNoise(1, 3, 2, 1), 4), 1, 1, 1);
        assertShape(MatlabResize.resize(TestImages.lcgNoise(2, 3, 5, 1), 2), 2, 6, 10);
        // In binary floating point 50 * 1.1 is 55.00000000000001, so BasicSR's ceil gives 56.
        assertShape(MatlabResize.resize(TestImages.lcgNoise(1, 50, 50, 1), 1.1), 1, 56, 56);
    }

    @Test
    void rejectsBadScales() {
        Image image = TestImages.lcgNoise(1, 4, 4, 1);
        assertThrows(IllegalArgumentException.class, () -> MatlabResize.downscale(image, 0));
        assertThrows(IllegalArgumentException.class, () -> MatlabResize.resize(image, 0));
        assertThrows(IllegalArgumentException.class, () -> MatlabResize.resize(image, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> MatlabResize.resize(image, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> MatlabResize.resize(image, 1e6));
        assertThrows(IllegalArgumentException.class, () -> MatlabResize.resize(image, 1e-12));
    }

    private static void assertResizes(double[] expected, Image in, double scale, int outHeight, int outWidth) {
        Image out = MatlabResize.resize(in, scale);
        assertShape(out, in.channels(), outHeight, outWidth);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], out.data()[i], 1e-6, "sample " + i);
        }
    }

    private static void assertShape(Image image, int channels, int height, int width) {
        assertEquals(channels + "x" + height + "x" + width, image.shapeString());
    }
}
