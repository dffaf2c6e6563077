package io.sasync.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.spi.Dialect;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The README's code is code: every {@code ```java} block compiles, and every {@code ```xml} block
 * is well-formed and names only artifacts this build makes, at this build's version.
 *
 * <h2>What a java block may be</h2>
 * A block reads as a reader copies it: the imports it needs first, then its code. The code is
 * one of two kinds, told apart by its first line after the imports and comments:
 * <ul>
 * <li><b>Types.</b> If that line, at the block's left margin, declares a type ({@code class},
 *     {@code interface}, {@code enum}, {@code record} or {@code @interface}, after any
 *     annotations and modifiers), the block is a compilation unit and is compiled as it stands,
 *     in the unnamed package.</li>
 * <li><b>Statements.</b> Otherwise the code after the imports is the body of a method
 *     {@code void run() throws Exception} of a class of its own. That class declares the only
 *     names a block may use without declaring or importing them, those the README introduces
 *     once and then takes as known: {@code broker}, an {@link io.sasync.Broker} (see "The plain
 *     API"), and {@code users}, the {@code PersistentDict<String, Object>} of the PersistentDict
 *     example.</li>
 * </ul>
 * All blocks are compiled together, so a statement block may use a type that a type block
 * declares (the Guice section makes {@code People} in one block and uses it in the next); top-level
 * type names must therefore differ across the README. They are compiled with the build's lint
 * flags and {@code -Werror}, against this module's test classpath, which is why this module has
 * test dependencies on the stores, Guice, Reactor and RxJava.
 *
 * <h2>Leaving a block out</h2>
 * A block that deliberately does not compile must say so on the line right above its fence:
 * {@code <!-- not compiled: the reason -->}, and the reason is required. No block is left out.
 */
class ReadmeExamplesTest {

    /** The names statement blocks may use without declaring them; see the class comment. */
    private static final List<String> CONTEXT_FIELDS = List.of(
            "io.sasync.Broker broker;",
            "io.sasync.store.PersistentDict<String, Object> users;");

    /** The build's own lint flags (the parent pom's compiler configuration). */
    private static final List<String> LINT = List.of("-Xlint:all,-processing,-serial", "-Werror");

    private static final Pattern FENCE = Pattern.compile("^( *)```(\\w*)\\s*$");
    private static final Pattern SKIP = Pattern.compile("^\\s*<!--\\s*not compiled:(.*?)-->\\s*$");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(?:(?:public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern ANNOTATION_LINE = Pattern.compile("^@[\\w.]+(?:\\(.*\\))?\\s*$");

    /** A fenced block of the README: its language, first line number (1-based) and lines. */
    record Block(String language, int firstLine, List<String> lines, String skipReason) {

        String text() {
            return String.join("\n", lines);
        }
    }

    /** A source file made from a block, and the README line of each of its lines (0: added). */
    record Source(String className, Block block, List<String> lines, int[] readmeLines) {
    }

    @Test
    @Timeout(120)
    void everyJavaBlockCompiles(@TempDir Path classes) throws IOException {
        List<Block> blocks = blocks(Files.readAllLines(readme(), UTF_8), "java");
        assertFalse(blocks.isEmpty(), "the README has java blocks");
        List<Source> sources = new ArrayList<>();
        for (Block block : blocks) {
            if (block.skipReason() != null) {
                assertFalse(block.skipReason().isBlank(),
                        "README line " + block.firstLine() + ": a block left out needs a reason");
                continue;
            }
            sources.add(source(block));
        }
        Map<String, Source> byName = new LinkedHashMap<>();
        for (Source source : sources) {
            Source twin = byName.put(source.className(), source);
            if (twin != null) {
                fail("README lines " + twin.block().firstLine() + " and " + source.block().firstLine()
                        + " both declare the top-level type " + source.className()
                        + "; blocks are compiled together, so type names must differ");
            }
        }

        List<String> problems = compile(sources, classes);
        assertTrue(problems.isEmpty(), problems.size() + " problem(s) compiling the README's java blocks "
                + "(see ReadmeExamplesTest for what a block may be):\n" + String.join("\n", problems));
    }

    @Test
    void everyXmlBlockIsWellFormedAndNamesThisBuildsArtifacts() throws Exception {
        Path root = readme().getParent();
        String version = text(parse(Files.readString(root.resolve("pom.xml"), UTF_8)).getDocumentElement(), "version");
        List<Block> blocks = blocks(Files.readAllLines(readme(), UTF_8), "xml");
        assertFalse(blocks.isEmpty(), "the README has xml blocks");
        for (Block block : blocks) {
            Document xml;
            try {
                // A block is a fragment of a pom: one or more sibling elements.
                xml = parse("<fragment>" + block.text() + "</fragment>");
            } catch (Exception e) {
                throw new AssertionError("README line " + block.firstLine() + ": the xml block is not well-formed: "
                        + e.getMessage(), e);
            }
            NodeList dependencies = xml.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                if (!"io.sasync".equals(text(dependency, "groupId"))) {
                    continue;
                }
                String artifact = text(dependency, "artifactId");
                assertTrue(Files.isRegularFile(root.resolve(artifact).resolve("pom.xml")),
                        "README line " + block.firstLine() + ": no module makes io.sasync:" + artifact);
                String given = text(dependency, "version");
                if (given != null) {
                    assertEquals(version, given, "README line " + block.firstLine() + ": the version of " + artifact);
                }
            }
        }
    }

    /** The README's list of the methods a dialect must write is the interface's. */
    @Test
    void theDialectMethodsWithoutADefaultAreTheFourTheReadmeNames() throws IOException {
        Set<String> abstractMethods = Arrays.stream(Dialect.class.getMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()))
                .map(ReadmeExamplesTest::signature)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("isObjectExists(SQLException)", "name()", "supportsUrl(String)",
                "upsert(TableSpec, List, List)")), abstractMethods);
        String readme = Files.readString(readme(), UTF_8);
        for (String phrase : List.of("Four methods have no default: `name()`, `supportsUrl(url)`",
                "`upsert(table, keys, values)`", "`isObjectExists(SQLException)`")) {
            assertTrue(readme.contains(phrase), "the README's \"Writing a dialect plugin\" says: " + phrase);
        }
    }

    /** The extraction itself: indented fences, the reason to leave a block out, the line map. */
    @Test
    void blocksAreFoundWithTheirLinesAndKinds() {
        List<String> markdown = List.of(
                "# Title",                                      // 1
                "```java",                                      // 2
                "import java.util.List;",                       // 3
                "",                                             // 4
                "List<String> names = List.of(\"a\");",         // 5
                "```",                                          // 6
                "* a list item",                                // 7
                "  ```java",                                    // 8
                "  // a comment",                               // 9
                "  public record Point(int x, int y) {}",      // 10
                "  ```",                                        // 11
                "<!-- not compiled: shows a mistake -->",       // 12
                "```java",                                      // 13
                "int x = ;",                                    // 14
                "```",                                          // 15
                "```xml",                                       // 16
                "<a/>",                                         // 17
                "```");                                         // 18
        List<Block> java = blocks(markdown, "java");
        assertEquals(3, java.size());
        assertEquals(3, java.get(0).firstLine());
        assertEquals(List.of("// a comment", "public record Point(int x, int y) {}"), java.get(1).lines());
        assertEquals(" shows a mistake ", java.get(2).skipReason());
        assertEquals(1, blocks(markdown, "xml").size());

        Source statements = source(java.get(0));
        assertTrue(statements.className().startsWith("ReadmeLine3"), statements.className());
        int at = statements.lines().indexOf("List<String> names = List.of(\"a\");");
        assertEquals(5, statements.readmeLines()[at]);
        assertEquals(3, statements.readmeLines()[statements.lines().indexOf("import java.util.List;")]);

        Source type = source(java.get(1));
        assertEquals("Point", type.className());
        assertEquals(List.of(9, 10), Arrays.stream(type.readmeLines()).boxed().toList());
    }

    /** Compiles the sources together; returns one line per diagnostic, pointing into the README. */
    private static List<String> compile(List<Source> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK, which has a compiler");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<JavaFileObject, Source> files = new HashMap<>();
        for (Source source : sources) {
            files.put(new SimpleJavaFileObject(sourceUri(source.className()), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return String.join("\n", source.lines()) + "\n";
                }
            }, source);
        }
        List<String> options = new ArrayList<>(List.of(
                "-classpath", System.getProperty("java.class.path"), "-proc:none", "-encoding", "UTF-8"));
        options.addAll(LINT);
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
            fileManager.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
            javac.getTask(null, fileManager, diagnostics, options, null, files.keySet()).call();
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            Source source = d.getSource() == null ? null : files.get(d.getSource());
            String message = d.getKind() + ": " + d.getMessage(Locale.ROOT);
            if (source == null) {
                problems.add(message);
                continue;
            }
            int line = (int) d.getLineNumber();
            int readmeLine = line >= 1 && line <= source.readmeLines().length ? source.readmeLines()[line - 1] : 0;
            problems.add("README.md line " + (readmeLine > 0 ? readmeLine : "?") + " (the java block from line "
                    + source.block().firstLine() + "): " + message
                    + (line >= 1 && line <= source.lines().size() ? "\n    " + source.lines().get(line - 1).strip() : ""));
        }
        return problems;
    }

    private static URI sourceUri(String className) {
        try {
            return new URI("string", null, "/" + className + JavaFileObject.Kind.SOURCE.extension, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(className, e);
        }
    }

    /** The fenced blocks of one language, with the line numbers of their content. */
    static List<Block> blocks(List<String> markdown, String language) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < markdown.size(); i++) {
            Matcher open = FENCE.matcher(markdown.get(i));
            if (!open.matches() || open.group(2).isEmpty()) {
                continue;
            }
            int indent = open.group(1).length();
            List<String> lines = new ArrayList<>();
            int end = i + 1;
            while (end < markdown.size() && !FENCE.matcher(markdown.get(end)).matches()) {
                String line = markdown.get(end);
                int blank = 0;
                while (blank < indent && blank < line.length() && line.charAt(blank) == ' ') {
                    blank++;
                }
                lines.add(line.substring(blank));
                end++;
            }
            if (end == markdown.size()) {
                fail("README line " + (i + 1) + ": a ```" + open.group(2) + " block is never closed");
            }
            if (open.group(2).equals(language)) {
                Matcher skip = i > 0 ? SKIP.matcher(markdown.get(i - 1)) : null;
                blocks.add(new Block(language, i + 2, lines, skip != null && skip.matches() ? skip.group(1) : null));
            }
            i = end;
        }
        return blocks;
    }

    /** A block as a source file: as it stands when it declares types, else wrapped in a method. */
    static Source source(Block block) {
        List<String> lines = block.lines();
        int body = 0;
        while (body < lines.size() && isHeader(lines.get(body))) {
            body++;
        }
        int first = body;
        while (first < lines.size() && ANNOTATION_LINE.matcher(lines.get(first)).matches()) {
            first++;
        }
        Matcher type = first < lines.size() ? TYPE_DECLARATION.matcher(lines.get(first)) : null;
        if (type != null && type.lookingAt()) {
            int[] map = new int[lines.size()];
            for (int i = 0; i < map.length; i++) {
                map[i] = block.firstLine() + i;
            }
            return new Source(publicTypeName(lines).orElse(type.group(1)), block, lines, map);
        }
        String className = "ReadmeLine" + block.firstLine();
        List<String> out = new ArrayList<>();
        List<Integer> map = new ArrayList<>();
        for (int i = 0; i < body; i++) {
            out.add(lines.get(i));
            map.add(block.firstLine() + i);
        }
        List<String> opening = new ArrayList<>();
        opening.add("final class " + className + " {");
        CONTEXT_FIELDS.forEach(field -> opening.add("    " + field));
        opening.add("    void run() throws Exception {");
        for (String line : opening) {
            out.add(line);
            map.add(0);
        }
        for (int i = body; i < lines.size(); i++) {
            out.add(lines.get(i));
            map.add(block.firstLine() + i);
        }
        out.add("    }");
        map.add(0);
        out.add("}");
        map.add(0);
        return new Source(className, block, out, map.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isHeader(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("import ") || t.startsWith("//") || t.startsWith("/*")
                || t.startsWith("*");
    }

    private static java.util.Optional<String> publicTypeName(List<String> lines) {
        for (String line : lines) {
            Matcher m = TYPE_DECLARATION.matcher(line);
            if (m.lookingAt() && line.startsWith("public ")) {
                return java.util.Optional.of(m.group(1));
            }
        }
        return java.util.Optional.empty();
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    /** The text of an element's direct child, or null when it has none of that name. */
    private static String text(Element parent, String child) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(child)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    /**
     * The project's README, found upwards from the working directory (Maven runs tests in the
     * module's directory) or else from where this class was loaded: the first directory that
     * holds README.md beside this module's folder.
     */
    static Path readme() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        java.security.CodeSource code = ReadmeExamplesTest.class.getProtectionDomain().getCodeSource();
        if (code != null) {
            try {
                starts.add(Path.of(code.getLocation().toURI()));
            } catch (URISyntaxException e) {
                // the working directory alone then
            }
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("sasync-examples"))) {
                    return dir.resolve("README.md");
                }
            }
        }
        throw new AssertionError("no README.md beside sasync-examples above " + starts);
    }
}
