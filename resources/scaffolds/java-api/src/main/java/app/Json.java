package app;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Just enough JSON for records: an object's members, each value checked and kept as its JSON text. */
public final class Json {
  private Json() {}

  /** text as a JSON string. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }

  /** Deeper nesting is refused: a body of ten thousand brackets must not overflow the stack. */
  static final int MAX_DEPTH = 64;

  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

  /**
   * A strict reader (RFC 8259): values are kept as their text and sent back as they came, so
   * anything it lets through must be valid JSON for every client that reads it later.
   */
  private static final class Reader {
    final String text;
    int at;

    Reader(String text) {
      this.text = text;
    }

    Character peek() {
      while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) at++;
      return at < text.length() ? text.charAt(at) : null;
    }

    void expect(char c) {
      Character next = peek();
      if (next == null || next != c) throw new IllegalArgumentException("expected '" + c + "' at character " + at);
      at++;
    }

    /** A string's decoded value. */
    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') return out.toString();
        if (c < 0x20) throw new IllegalArgumentException("a control character in a string at character " + (at - 1) + " (write it as \\u" + String.format("%04x", (int) c) + ")");
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (at >= text.length()) break;
        char e = text.charAt(at++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > text.length() || !text.substring(at, at + 4).matches("[0-9a-fA-F]{4}")) {
              throw new IllegalArgumentException("\\u needs four hex digits at character " + (at - 2));
            }
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> throw new IllegalArgumentException("unknown escape \\" + e + " at character " + (at - 2));
        }
      }
      throw new IllegalArgumentException("a string is not closed");
    }

    void value(int depth) {
      Character next = peek();
      if (next == null) throw new IllegalArgumentException("the text ends too early");
      if (next == '"') {
        string();
      } else if (next == '{' || next == '[') {
        if (depth >= MAX_DEPTH) throw new IllegalArgumentException("values nest deeper than " + MAX_DEPTH + " levels");
        char close = next == '{' ? '}' : ']';
        at++;
        if (Character.valueOf(close).equals(peek())) {
          at++;
          return;
        }
        while (true) {
          if (close == '}') {
            string();
            expect(':');
          }
          value(depth + 1);
          Character sep = peek();
          if (sep != null && sep == ',') at++;
          else if (sep != null && sep == close) {
            at++;
            return;
          } else throw new IllegalArgumentException("expected ',' or '" + close + "' at character " + at);
        }
      } else {
        int start = at;
        while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) at++;
        String word = text.substring(start, at);
        if (!word.equals("true") && !word.equals("false") && !word.equals("null") && !NUMBER.matcher(word).matches()) {
          throw new IllegalArgumentException("unexpected \"" + word + "\" at character " + start);
        }
      }
    }
  }

  /** The members of a JSON object, each value as its JSON text. */
  public static Map<String, String> parseObject(String text) {
    Reader reader = new Reader(text);
    Map<String, String> members = new TreeMap<>();
    reader.expect('{');
    if (Character.valueOf('}').equals(reader.peek())) {
      reader.at++;
    } else {
      while (true) {
        String key = reader.string();
        reader.expect(':');
        reader.peek();
        int start = reader.at;
        reader.value(1);
        members.put(key, text.substring(start, reader.at));
        Character sep = reader.peek();
        if (sep != null && sep == ',') reader.at++;
        else if (sep != null && sep == '}') {
          reader.at++;
          break;
        } else throw new IllegalArgumentException("expected ',' or '}' at character " + reader.at);
      }
    }
    if (reader.peek() != null) throw new IllegalArgumentException("there is more after the object");
    return members;
  }
}
